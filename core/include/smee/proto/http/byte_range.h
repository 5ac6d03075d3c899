#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "smee/export.h"

namespace smee::http {

// One byte range of a Range header (RFC 9110 14.1.2), before the length of
// the representation is known: the ISO route learns it from its upstream.
struct RangeSpec {
  enum class Kind { FromTo, From, Suffix };
  Kind kind = Kind::FromTo;
  std::uint64_t first = 0;   // FromTo, From
  std::uint64_t last = 0;    // FromTo (inclusive)
  std::uint64_t suffix = 0;  // Suffix: the last `suffix` bytes
};

enum class RangeHeader {
  Absent,         // no Range header
  Single,         // one well-formed range: answer 206 when it fits, else 416
  Unsatisfiable,  // "bytes=-0": syntactically fine, never satisfiable (416)
  Ignored,        // malformed, another unit, or several ranges: the whole body (200)
};

// The one Range parser of every route (/ipxe/ and /iso/). The unit is
// case-insensitive and whitespace around the range is allowed (RFC 9110
// 5.6.1 list rule); numbers are digits only, without overflow. Several
// ranges are answered with the whole body, which RFC 9110 14.2 allows:
// iPXE, OVMF and BMCs ask for one range at a time.
SMEE_API RangeHeader parseRangeHeader(std::string_view header, RangeSpec& out);

// An inclusive slice of a body of known length.
struct ByteSlice {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
  std::uint64_t size() const { return last - first + 1; }
};

// `spec` against a body of `length` bytes; nullopt when it is
// unsatisfiable (a first byte at or past the end, or an empty body).
SMEE_API std::optional<ByteSlice> resolveRange(const RangeSpec& spec, std::uint64_t length);

// A "Content-Range: bytes first-last/total" (total may be "*"), as an
// upstream sends it.
struct ContentRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
  std::optional<std::uint64_t> total;
};
SMEE_API std::optional<ContentRange> parseContentRange(std::string_view header);

// "bytes first-last/length" of a 206, and "bytes */length" of a 416.
SMEE_API std::string contentRange(const ByteSlice& slice, std::optional<std::uint64_t> length);
SMEE_API std::string unsatisfiedContentRange(std::uint64_t length);

}  // namespace smee::http
