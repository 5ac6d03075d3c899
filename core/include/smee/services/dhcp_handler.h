#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "smee/export.h"
#include "smee/net/ipv4.h"
#include "smee/proto/dhcp4/packet.h"
#include "smee/trace/tracer.h"

namespace smee {

// Where a DHCP request arrived.
struct DhcpRequestContext {
  int interface_index = 0;
  std::string interface_name;
  Ipv4Address local_address;  // the address the datagram was sent to
  Ipv4Address peer_address;   // its source (0.0.0.0 for clients without an address)
  std::uint16_t peer_port = 68;
  // With tracing on: the tracer, and the context of this packet's span.
  // A mode hands `trace` to the machine (reservation: option 43.69 and the
  // boot file suffix) and times its lookups as children of it.
  Tracer* tracer = nullptr;
  std::optional<TraceContext> trace;
};

// What a mode decided, with the reason when it stays silent, so an operator
// can see why a machine got no answer.
struct DhcpDecision {
  std::optional<dhcp4::Packet> reply;
  std::string outcome;  // short, stable: "offer", "ack", "not_found", "not_netboot_client", ...
  std::string detail;   // human explanation for the log
};

// A DHCP mode (reservation, proxy, auto-proxy, or a third party's),
// registered as "smee.dhcp.handler/v1:<mode>". Called concurrently from the
// DHCP plugin's workers; must not keep per-request state between calls.
class SMEE_API DhcpHandler {
 public:
  static constexpr std::string_view kInterfaceId = "smee.dhcp.handler/v1";
  virtual ~DhcpHandler();
  virtual DhcpDecision handle(const dhcp4::Packet& request,
                              const DhcpRequestContext& context) const = 0;
  // What the DHCP server's packet path calls: the same decision, with the
  // reply written into `reply` and `decision.reply` left empty; returns
  // whether there is a reply to send. The caller reuses `reply` and
  // `decision` from request to request, so a mode that fills them in place
  // answers without allocating. The default calls handle().
  virtual bool handleInto(const dhcp4::Packet& request, const DhcpRequestContext& context,
                          dhcp4::Packet& reply, DhcpDecision& decision) const;
};

}  // namespace smee
