// libFuzzer harness for the TFTP request parser and option negotiation.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "smee/proto/tftp/options.h"
#include "smee/proto/tftp/packet.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto result = smee::tftp::parseRequest({data, size});
  if (auto* request = std::get_if<smee::tftp::Request>(&result)) {
    auto negotiated = smee::tftp::negotiate(*request, {}, size);
    if (negotiated.blksize < 8 || negotiated.windowsize < 1) std::abort();
    smee::tftp::encodeOack(negotiated.acknowledged);
  }
  smee::tftp::parseAck({data, size});
  smee::tftp::parseError({data, size});
  return 0;
}
