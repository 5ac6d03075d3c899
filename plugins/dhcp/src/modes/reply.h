#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "smee/proto/dhcp4/packet.h"
#include "smee/services/dhcp_handler.h"

namespace smee::dhcp {

// The decision to stay silent, with the outcome counted and the reason logged.
inline DhcpDecision noReply(std::string outcome, std::string detail) {
  return {std::nullopt, std::move(outcome), std::move(detail)};
}

// The same two decisions in handleInto()'s form: written into a decision
// the caller reuses (short outcomes fit std::string's inline buffer).
inline bool stayQuiet(DhcpDecision& decision, std::string_view outcome, std::string_view detail) {
  decision.reply.reset();
  decision.outcome.assign(outcome);
  decision.detail.assign(detail);
  return false;
}
inline bool sendReply(DhcpDecision& decision, std::string_view outcome) {
  decision.reply.reset();
  decision.outcome.assign(outcome);
  decision.detail.clear();
  return true;
}

// A reply skeleton as Smee builds it (insomniacslk's NewReplyFromRequest):
// op 2, htype/hlen/chaddr/xid/flags/giaddr copied, hops/secs/ciaddr zero,
// message type set, client identifier (61) and relay agent information
// (82) echoed. `reply` is cleared first and its buffers reused.
void fillReplyTo(const dhcp4::Packet& request, dhcp4::MessageType type, dhcp4::Packet& reply);
dhcp4::Packet replyTo(const dhcp4::Packet& request, dhcp4::MessageType type);

// handle() for a mode whose handleInto() does the work.
template <typename Mode>
DhcpDecision decideWith(const Mode& mode, const dhcp4::Packet& request,
                        const DhcpRequestContext& context) {
  DhcpDecision decision;
  dhcp4::Packet reply;
  if (mode.handleInto(request, context, reply, decision)) decision.reply = std::move(reply);
  return decision;
}

struct ReplyDestination {
  Ipv4Address address;
  std::uint16_t port = 68;
  bool broadcast = false;
};

// RFC 2131 4.1: giaddr set -> the relay, port 67; a NAK without a relay
// is broadcast; a client that sent from an address (renewals, ciaddr set)
// gets a unicast back to that address and port; everyone else gets a
// broadcast to port 68. (Unicast to yiaddr before the client has an
// address would need ARP injection; broadcast is what the RFC allows
// instead, and what Smee does.)
ReplyDestination replyDestination(const dhcp4::Packet& request, const dhcp4::Packet& reply,
                                  const DhcpRequestContext& context);

}  // namespace smee::dhcp
