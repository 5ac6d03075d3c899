#pragma once

#include <string_view>

#include "smee/proto/dhcp4/packet.h"

namespace smee::dhcp {

// "DISCOVER", "OFFER", ...; "BOOTP" for a packet without option 53, as
// the log lines, spans and journey steps name it.
inline std::string_view typeName(const dhcp4::Packet& packet) {
  auto type = packet.options.messageType();
  return type ? dhcp4::messageTypeName(*type) : std::string_view("BOOTP");
}

}  // namespace smee::dhcp
