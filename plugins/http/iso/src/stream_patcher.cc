#include "stream_patcher.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace smee::iso {

void overwriteOverlap(std::span<char> buffer, std::uint64_t buffer_at, std::uint64_t marker_at,
                      std::string_view replacement) {
  const std::uint64_t buffer_end = buffer_at + buffer.size();
  const std::uint64_t marker_end = marker_at + replacement.size();
  const std::uint64_t from = std::max(buffer_at, marker_at);
  const std::uint64_t to = std::min(buffer_end, marker_end);
  if (from >= to) return;
  std::memcpy(buffer.data() + (from - buffer_at), replacement.data() + (from - marker_at),
              to - from);
}

std::string paddedReplacement(std::string_view patch, std::size_t marker_size) {
  if (patch.size() > marker_size) return {};
  std::string out(patch);
  out.resize(marker_size, ' ');
  return out;
}

bool overlapsItself(std::string_view marker) {
  // Knuth-Morris-Pratt failure function: the longest proper border.
  std::vector<std::size_t> border(marker.size(), 0);
  for (std::size_t i = 1, k = 0; i < marker.size(); ++i) {
    while (k > 0 && marker[i] != marker[k]) k = border[k - 1];
    if (marker[i] == marker[k]) ++k;
    border[i] = k;
  }
  return !marker.empty() && border.back() > 0;
}

StreamPatcher::StreamPatcher(std::string_view marker, std::string replacement, std::uint64_t first,
                             std::uint64_t emit_first, std::uint64_t emit_end)
    : marker_(marker),
      replacement_(std::move(replacement)),
      emit_first_(emit_first),
      emit_end_(emit_end),
      window_at_(first) {}

bool StreamPatcher::feed(const char* data, std::size_t size, const Sink& sink) {
  if (size == 0) return true;
  window_.append(data, size);
  const std::size_t m = marker_.size();
  // The window begins with at most m-1 held-back bytes, too few to hold an
  // occurrence: every occurrence found here is new and ends in this read.
  const char* base = window_.data();
  const char* end = base + window_.size();
  for (const char* at = base; m > 0 && static_cast<std::size_t>(end - at) >= m;) {
    const void* hit = memmem(at, end - at, marker_.data(), m);
    if (!hit) break;
    const char* found = static_cast<const char*>(hit);
    const std::uint64_t position = window_at_ + (found - base);
    pending_.push_back(position);
    if (positions_.size() < kMaxPositions) positions_.push_back(position);
    ++occurrences_;
    at = found + 1;
  }
  // An occurrence found next time ends after these bytes, so it can reach
  // back at most m-1 of them: everything before is final.
  const std::size_t keep = std::min(window_.size(), m > 0 ? m - 1 : 0);
  return emit(window_.size() - keep, sink);
}

bool StreamPatcher::finish(const Sink& sink) { return emit(window_.size(), sink); }

bool StreamPatcher::emit(std::size_t size, const Sink& sink) {
  const std::uint64_t from = std::max(window_at_, emit_first_);
  const std::uint64_t to = std::min(window_at_ + size, emit_end_);
  bool ok = true;
  if (from < to) {
    const char* bytes = window_.data() + (from - window_at_);
    const std::size_t count = to - from;
    bool touched = false;
    for (std::uint64_t p : pending_)
      touched = touched || (p < to && p + replacement_.size() > from);
    if (touched) {
      scratch_.assign(bytes, count);
      for (std::uint64_t p : pending_) overwriteOverlap(scratch_, from, p, replacement_);
      bytes = scratch_.data();
    }
    emitted_ += count;
    ok = sink(bytes, count);
  }
  const std::uint64_t done = window_at_ + size;
  std::erase_if(pending_, [&](std::uint64_t p) { return p + replacement_.size() <= done; });
  window_.erase(0, size);
  window_at_ = done;
  return ok;
}

}  // namespace smee::iso
