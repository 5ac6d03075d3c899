// The W3C traceparent parsers see network input: the HTTP `traceparent`
// header and the file names of TFTP and HTTP requests. Whatever they
// accept must survive a format/parse round trip unchanged.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "smee/trace/trace_context.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto context = smee::parseTraceparent(text)) {
    if (!context->valid()) std::abort();
    auto again = smee::parseTraceparent(smee::formatTraceparent(*context));
    if (!again || again->trace_id != context->trace_id || again->span_id != context->span_id ||
        again->flags != context->flags) {
      std::abort();
    }
  }
  auto split = smee::splitTraceSuffix(text);
  if (split.name.size() > text.size()) std::abort();
  if (split.context && text.substr(0, split.name.size()) != split.name) std::abort();
  if (!split.context && split.name != text) std::abort();
  return 0;
}
