#pragma once

#include <string_view>

#include "smee/export.h"
#include "smee/proto/dhcp4/packet.h"
#include "smee/services/dhcp_handler.h"

namespace smee {

// An extension point of the DHCP reply (Kea's pkt4_send hook, a link of
// CoreDNS's chain): a plugin provides "smee.dhcp.reply-hook/v1:<name>" and
// the dhcp plugin calls every such hook, in name order, on each reply the
// active mode built, before it is sent. A hook adds, replaces or removes
// options (say, a vendor option for the machines of one facility) without
// replacing the mode. Hooks run on the DHCP packet path, concurrently:
// they answer from memory and keep no per-request state.
class SMEE_API DhcpReplyHook {
 public:
  static constexpr std::string_view kInterfaceId = "smee.dhcp.reply-hook/v1";
  virtual ~DhcpReplyHook();
  // `request` as it arrived, `context` where it arrived, `reply` the mode's
  // answer (OFFER, ACK, NAK, ProxyDHCP). A hook never gets a request the
  // mode chose to leave unanswered.
  virtual void onReply(const dhcp4::Packet& request, const DhcpRequestContext& context,
                       dhcp4::Packet& reply) const = 0;
};

}  // namespace smee
