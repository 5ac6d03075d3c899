// libFuzzer harness for the HTTP plugin's reader of network input: the
// request head, fed whole and split at every point as a slow client would
// send it, then the Range header and the path of whatever parsed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "../../plugins/http/http-server/src/http_request.h"
#include "../../plugins/http/http-server/src/request_path.h"
#include "smee/proto/http/byte_range.h"

using namespace smee::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  HttpRequest whole;
  const HeadParse once = parseRequestHead(text, whole);
  if (once.status == HeadStatus::Complete && (once.length == 0 || once.length > size)) std::abort();
  // Arriving in two reads gives the same answer as arriving in one.
  const std::size_t split = size ? data[0] % (size + 1) : 0;
  HttpRequest first;
  HeadParse partial = parseRequestHead(text.substr(0, split), first);
  if (partial.status == HeadStatus::Incomplete) {
    HttpRequest again;
    HeadParse resumed = parseRequestHead(text, again, split);
    if (resumed.status != once.status || resumed.length != once.length) std::abort();
  }
  if (once.status != HeadStatus::Complete) return 0;
  for (const auto& field : whole.headers) {
    if (field.name.empty() || field.name.data() < text.data() ||
        field.value.data() + field.value.size() > text.data() + size) {
      std::abort();
    }
  }
  (void)whole.keepAlive();
  RangeSpec spec;
  if (parseRangeHeader(whole.header("Range"), spec) == RangeHeader::Single) {
    auto slice = resolveRange(spec, 4096);
    if (slice && (slice->first > slice->last || slice->last >= 4096)) std::abort();
  }
  if (auto path = normalizePath(whole.target)) {
    if (path->empty() || (*path)[0] != '/' || path->find("/../") != std::string::npos) std::abort();
    (void)pathElements(*path);
  }
  return 0;
}
