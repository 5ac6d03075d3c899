#include "byte_range.h"

#include <charconv>

namespace smee::http {
namespace {
bool number(std::string_view text, std::uint64_t& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}
}  // namespace

RangeResult parseRange(std::string_view header, std::uint64_t size, ByteRange& out) {
  if (header.rfind("bytes=", 0) != 0) return RangeResult::None;
  std::string_view spec = header.substr(6);
  if (spec.find(',') != std::string_view::npos) return RangeResult::None;
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return RangeResult::None;
  std::string_view a = spec.substr(0, dash), b = spec.substr(dash + 1);
  std::uint64_t first = 0, last = 0;
  if (a.empty()) {  // suffix: the last n bytes
    if (!number(b, last) || last == 0) return RangeResult::Unsatisfiable;
    if (size == 0) return RangeResult::Unsatisfiable;
    out = {size > last ? size - last : 0, size - 1};
    return RangeResult::Satisfiable;
  }
  if (!number(a, first)) return RangeResult::None;
  if (b.empty()) {
    last = size ? size - 1 : 0;
  } else if (!number(b, last) || last < first) {
    return RangeResult::None;
  }
  if (first >= size) return RangeResult::Unsatisfiable;
  out = {first, last >= size ? size - 1 : last};
  return RangeResult::Satisfiable;
}

}  // namespace smee::http
