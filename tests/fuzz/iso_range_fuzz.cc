// libFuzzer harness for the ISO plugin's readers of network input: the
// client's Range header and the upstream's Content-Range, then the slice
// and the boundary-safe patcher over the bytes as an image.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "../../plugins/http/iso/src/range_request.h"
#include "../../plugins/http/iso/src/stream_patcher.h"

using namespace smee::iso;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto split = text.find('\n');
  std::string_view range_text = text.substr(0, split);
  std::string_view content_range_text =
      split == std::string_view::npos ? "" : text.substr(split + 1);

  ClientRange range;
  smee::http::RangeHeader parsed = smee::http::parseRangeHeader(range_text, range);
  if (parsed == smee::http::RangeHeader::Single) {
    if (range.kind == ClientRange::Kind::FromTo && range.last < range.first) std::abort();
    (void)widenedRangeHeader(range, 1023);
    for (std::uint64_t length : {0ull, 1ull, 1000ull, ~0ull}) {
      auto slice = smee::http::resolveRange(range, length);
      if (slice && (slice->first > slice->last || slice->last >= length)) std::abort();
    }
  }
  auto sent = parseContentRange(content_range_text);
  if (sent) {
    if (sent->last < sent->first || (sent->total && *sent->total <= sent->last)) std::abort();
    if (parsed == smee::http::RangeHeader::Single) {
      Slice slice;
      if (clientSlice(range, *sent, slice) == SliceResult::Ok &&
          (slice.first < sent->first || slice.last > sent->last || slice.first > slice.last)) {
        std::abort();
      }
    }
  }
  // The patcher on the same bytes: output length equals input length, and
  // a marker made of the first bytes never survives.
  const std::string marker = "ab1";
  const std::string replacement = paddedReplacement("xy", marker.size());
  StreamPatcher patcher(marker, replacement);
  std::size_t out = 0;
  auto sink = [&](const char* d, std::size_t n) {
    if (std::string_view(d, n).find(marker) != std::string_view::npos) std::abort();
    out += n;
    return true;
  };
  for (std::size_t i = 0; i < size; i += 7)
    patcher.feed(text.data() + i, std::min<std::size_t>(7, size - i), sink);
  patcher.finish(sink);
  if (out != size) std::abort();
  return 0;
}
