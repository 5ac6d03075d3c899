#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smee::iso {

// One byte range from a client's Range header (RFC 9110 14.1.2).
struct ClientRange {
  enum class Kind { FromTo, From, Suffix };
  Kind kind = Kind::FromTo;
  std::uint64_t first = 0;   // FromTo, From
  std::uint64_t last = 0;    // FromTo (inclusive)
  std::uint64_t suffix = 0;  // Suffix: the last `suffix` bytes
};

enum class RangeParse { Absent, Single, Ignored };

// Reads a Range header. Only one well-formed "bytes=" range is Single;
// several ranges, other units and malformed values are Ignored (the whole
// image is sent, which RFC 9110 allows: multipart answers cannot be patched
// in one pass).
RangeParse parseClientRange(std::string_view header, ClientRange& out);

// The Range sent upstream: the client's range widened by `margin` bytes on
// both sides, so that every marker occurrence that overlaps the client's
// bytes arrives whole and can be patched.
std::string widenedRangeHeader(const ClientRange& range, std::uint64_t margin);

// An upstream "Content-Range: bytes first-last/total" (total may be "*").
struct ContentRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
  std::optional<std::uint64_t> total;
};
std::optional<ContentRange> parseContentRange(std::string_view header);

// What the client asked for, within the bytes upstream sent. nullopt when
// the client's range starts beyond the image (answer 416).
struct Slice {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
};
enum class SliceResult { Ok, Unsatisfiable, Inconsistent };
SliceResult clientSlice(const ClientRange& range, const ContentRange& sent, Slice& out);

}  // namespace smee::iso
