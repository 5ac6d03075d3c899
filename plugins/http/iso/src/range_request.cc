#include "range_request.h"

#include <algorithm>

namespace smee::iso {
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
