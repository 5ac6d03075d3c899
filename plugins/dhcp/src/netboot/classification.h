#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "smee/net/mac_address.h"
#include "smee/proto/dhcp4/packet.h"

namespace smee::dhcp {

enum class ClientType { None, PxeClient, HttpClient };

inline constexpr std::uint16_t kUnknownArch = 255;
inline constexpr std::uint16_t kRaspberryPiArch = 41;

// What a request says about the machine (spec 2.2), computed once per
// packet and shared by every mode.
struct Classification {
  MacAddress mac;
  ClientType client_type = ClientType::None;
  std::string user_class;  // option 77 as one string; RFC 3004 framing removed
  std::uint16_t arch = kUnknownArch;
  bool raspberry_pi = false;
  bool ipxe = false;                    // user class iPXE or Tinkerbell, or option 175 present
  bool netboot_client = false;          // Smee's IsNetbootClient
  std::string_view not_netboot_reason;  // why netboot_client is false (a literal)
};

Classification classify(const dhcp4::Packet& request);

// Option 77 as a string. iPXE sends the class raw ("iPXE"); dhcpcd and
// others use RFC 3004 (length-prefixed instances): both read as "iPXE".
std::string userClassOf(const dhcp4::Options& options);

bool isRaspberryPi(const MacAddress& mac);

}  // namespace smee::dhcp
