#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smee::iso {

// Writes over the part of `buffer` (whose first byte is image offset
// `buffer_at`) that the marker occurrence at image offset `marker_at`
// covers, with the matching bytes of `replacement` (as long as the marker).
// Bytes outside the occurrence are never touched.
void overwriteOverlap(std::span<char> buffer, std::uint64_t buffer_at, std::uint64_t marker_at,
                      std::string_view replacement);

// The replacement for one machine: `patch` then spaces up to the marker's
// length. Empty when the patch does not fit (the caller refuses it).
std::string paddedReplacement(std::string_view patch, std::size_t marker_size);

// True when the marker can overlap a copy of itself (a proper prefix equal
// to a suffix), e.g. "abab". Such a marker would make the patched bytes
// depend on where a read started, so it is refused.
bool overlapsItself(std::string_view marker);

// Streams a slice of an image through, replacing every occurrence of the
// marker, with memory bounded by one read plus the marker's length.
// Occurrences are found in the original bytes, so the result for a byte
// depends only on the bytes within a marker's length of it: a full
// stream and any Range window of the same image agree byte for byte,
// whatever the read sizes. The last marker-length-1 bytes of each read are
// held back until the next read shows whether an occurrence starts there.
// Bytes no occurrence touches go to the sink without another copy.
class StreamPatcher {
 public:
  using Sink = std::function<bool(const char* data, std::size_t size)>;
  static constexpr std::uint64_t kToEnd = std::numeric_limits<std::uint64_t>::max();

  // The first byte fed is image offset `first`. Only bytes in
  // [emit_first, emit_end) reach the sink; the bytes around them are read
  // only to find occurrences that straddle the edges.
  StreamPatcher(std::string_view marker, std::string replacement, std::uint64_t first = 0,
                std::uint64_t emit_first = 0, std::uint64_t emit_end = kToEnd);

  // False as soon as the sink refuses bytes (the client went away).
  bool feed(const char* data, std::size_t size, const Sink& sink);
  // Emits what is held back; call once at the end of the input.
  bool finish(const Sink& sink);

  std::uint64_t occurrences() const { return occurrences_; }
  std::uint64_t emitted() const { return emitted_; }
  // Image offsets of the first kMaxPositions occurrences found.
  static constexpr std::size_t kMaxPositions = 64;
  const std::vector<std::uint64_t>& positions() const { return positions_; }

 private:
  // Emits window_[0, size) with the pending occurrences written over it.
  bool emit(std::size_t size, const Sink& sink);

  std::string marker_;
  std::string replacement_;
  std::uint64_t emit_first_;
  std::uint64_t emit_end_;
  std::uint64_t window_at_;             // image offset of window_[0]
  std::string window_;                  // original bytes: held back, then the new read
  std::vector<std::uint64_t> pending_;  // occurrences not yet wholly emitted
  std::string scratch_;                 // a patched copy, only where an occurrence is
  std::uint64_t occurrences_ = 0;
  std::uint64_t emitted_ = 0;
  std::vector<std::uint64_t> positions_;
};

}  // namespace smee::iso
