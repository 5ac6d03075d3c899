#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "reply.h"
#include "smee/proto/dhcp4/packet.h"
#include "smee/services/dhcp_handler.h"
#include "smee/trace/tracer.h"

namespace smee::dhcp {

// One request on its way through the server, from decoding to the sent
// reply. Kept from packet to packet so that its buffers, once grown, are
// reused: the packet path allocates nothing in the steady state. The
// receive thread has one per slot of its receive batch (replies go out
// together), each worker one.
struct PacketScratch {
  dhcp4::Packet request;
  dhcp4::Packet reply;
  DhcpDecision decision;
  std::vector<std::uint8_t> encoded;  // the reply on the wire
  ReplyDestination to;
  ScopedSpan span;  // open from decoding until the reply is sent
  std::chrono::steady_clock::time_point started;
};

}  // namespace smee::dhcp
