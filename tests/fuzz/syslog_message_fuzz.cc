// libFuzzer harness for the syslog parser.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "smee/proto/syslog/message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto message = smee::syslog::parseMessage({data, size});
  if (message && (message->facility < 0 || message->facility > 23 || message->severity < 0 ||
                  message->severity > 7)) {
    std::abort();
  }
  return 0;
}
