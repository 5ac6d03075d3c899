// libFuzzer harness for the DHCPv4 decoder: any bytes must decode to a
// packet or an error, and a decoded packet must encode and decode again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "smee/proto/dhcp4/packet.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto result = smee::dhcp4::Packet::decode({data, size});
  if (auto* packet = std::get_if<smee::dhcp4::Packet>(&result)) {
    auto bytes = packet->encode();
    auto again = smee::dhcp4::Packet::decode(bytes);
    if (!std::holds_alternative<smee::dhcp4::Packet>(again)) std::abort();
  }
  return 0;
}
