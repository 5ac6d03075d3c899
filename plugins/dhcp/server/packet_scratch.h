#pragma once

#include <cstdint>
#include <vector>

#include "smee/proto/dhcp4/packet.h"
#include "smee/services/dhcp_handler.h"

namespace smee::dhcp {

// The objects one thread decodes, decides and encodes into, kept from
// packet to packet so that their buffers, once grown, are reused: the
// packet path allocates nothing in the steady state. One per thread that
// calls DhcpServer::process().
struct PacketScratch {
  dhcp4::Packet request;
  dhcp4::Packet reply;
  DhcpDecision decision;
  std::vector<std::uint8_t> encoded;
};

}  // namespace smee::dhcp
