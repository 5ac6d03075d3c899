// libFuzzer harness for what the Kubernetes backend reads from the API
// server: watch-stream lines, list pages and Status bodies, down to the
// Hardware conversion. A hostile or broken API server must get an error
// back, never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "hardware_decoder.h"

using namespace smee::backend_kube;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string error;
  auto event = decodeWatchEvent(text, error);
  if (!event && error.empty()) std::abort();  // a refusal always says why
  error.clear();
  auto page = decodeListPage(text, error);
  if (!page && error.empty()) std::abort();
  error.clear();
  auto object = decodeHardware(text, error);
  if (object && object->key.empty()) std::abort();  // identity is required
  decodeStatus(text);
  return 0;
}
