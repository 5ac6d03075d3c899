#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "smee/proto/http/byte_range.h"

namespace smee::iso {

// The client's Range header is read by the SDK's parser (one parser for
// every route); what is ISO-specific is how it maps onto an upstream.
using ClientRange = smee::http::RangeSpec;

// The Range sent upstream: the client's range widened by `margin` bytes on
// both sides, so that every marker occurrence that overlaps the client's
// bytes arrives whole and can be patched.
std::string widenedRangeHeader(const ClientRange& range, std::uint64_t margin);

// The upstream's Content-Range is read by the SDK's parser too.
using smee::http::ContentRange;
using smee::http::parseContentRange;

// What the client asked for, within the bytes upstream sent. nullopt when
// the client's range starts beyond the image (answer 416).
struct Slice {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
};
enum class SliceResult { Ok, Unsatisfiable, Inconsistent };
SliceResult clientSlice(const ClientRange& range, const ContentRange& sent, Slice& out);

}  // namespace smee::iso
