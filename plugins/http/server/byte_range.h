#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace smee::http {

struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
};

enum class RangeResult { None, Satisfiable, Unsatisfiable };

// One "bytes=" range of a Range header against a body of `size` bytes
// ("a-b", "a-", "-n"). Several ranges are answered with the whole body.
RangeResult parseRange(std::string_view header, std::uint64_t size, ByteRange& out);

}  // namespace smee::http
