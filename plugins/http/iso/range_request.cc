#include "range_request.h"

#include <algorithm>
#include <charconv>

namespace smee::iso {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Digits only (no sign, no spaces), without overflow.
std::optional<std::uint64_t> number(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

bool startsWithBytesUnit(std::string_view& s, char separator) {
  constexpr std::string_view kUnit = "bytes";
  if (s.size() <= kUnit.size() || s[kUnit.size()] != separator) return false;
  for (std::size_t i = 0; i < kUnit.size(); ++i) {
    if ((s[i] | 0x20) != kUnit[i]) return false;
  }
  s.remove_prefix(kUnit.size() + 1);
  return true;
}

}  // namespace

std::string widenedRangeHeader(const ClientRange& range, std::uint64_t margin) {
  auto below = [margin](std::uint64_t v) { return v > margin ? v - margin : 0; };
  auto above = [margin](std::uint64_t v) {
    return v > UINT64_MAX - margin ? UINT64_MAX : v + margin;
  };
  switch (range.kind) {
    case smee::http::RangeSpec::Kind::FromTo:
      return "bytes=" + std::to_string(below(range.first)) + "-" +
             std::to_string(std::min<std::uint64_t>(above(range.last), 9999999999999999999ULL));
    case smee::http::RangeSpec::Kind::From:
      return "bytes=" + std::to_string(below(range.first)) + "-";
    case smee::http::RangeSpec::Kind::Suffix:
      return "bytes=-" +
             std::to_string(std::min<std::uint64_t>(above(range.suffix), 9999999999999999999ULL));
  }
  return {};
}

std::optional<ContentRange> parseContentRange(std::string_view header) {
  header = trim(header);
  if (!startsWithBytesUnit(header, ' ')) return std::nullopt;
  header = trim(header);
  auto slash = header.find('/');
  auto dash = header.find('-');
  if (slash == std::string_view::npos || dash == std::string_view::npos || dash > slash) {
    return std::nullopt;
  }
  auto first = number(header.substr(0, dash));
  auto last = number(header.substr(dash + 1, slash - dash - 1));
  if (!first || !last || *last < *first) return std::nullopt;
  ContentRange out{*first, *last, std::nullopt};
  auto total_text = header.substr(slash + 1);
  if (total_text != "*") {
    auto total = number(total_text);
    if (!total || *total <= *last) return std::nullopt;
    out.total = *total;
  }
  return out;
}

SliceResult clientSlice(const ClientRange& range, const ContentRange& sent, Slice& out) {
  // Without a total, the end of what was sent stands in for the image's end
  // only where the client asked for "to the end".
  const std::uint64_t image_last = sent.total ? *sent.total - 1 : sent.last;
  std::uint64_t first = 0, last = 0;
  switch (range.kind) {
    case smee::http::RangeSpec::Kind::FromTo:
      first = range.first;
      last = std::min(range.last, image_last);
      break;
    case smee::http::RangeSpec::Kind::From:
      first = range.first;
      last = image_last;
      break;
    case smee::http::RangeSpec::Kind::Suffix: {
      const std::uint64_t size = image_last + 1;
      first = size - std::min(range.suffix, size);
      last = image_last;
      break;
    }
  }
  if (sent.total && first > image_last) return SliceResult::Unsatisfiable;
  if (first < sent.first || last > sent.last || first > last) return SliceResult::Inconsistent;
  out = {first, last};
  return SliceResult::Ok;
}

}  // namespace smee::iso
