#include "reply.h"

namespace smee::dhcp {

void fillReplyTo(const dhcp4::Packet& request, dhcp4::MessageType type, dhcp4::Packet& reply) {
  reply.clear();
  reply.op = dhcp4::Op::BootReply;
  reply.htype = request.htype;
  reply.hlen = request.hlen;
  reply.chaddr = request.chaddr;
  reply.xid = request.xid;
  reply.flags = request.flags;
  reply.giaddr = request.giaddr;
  reply.options.setU8(dhcp4::opt::kMessageType, static_cast<std::uint8_t>(type));
  for (auto code : {dhcp4::opt::kClientId, dhcp4::opt::kRelayAgentInfo}) {
    if (const auto* value = request.options.find(code)) reply.options.assign(code, *value);
  }
}

dhcp4::Packet replyTo(const dhcp4::Packet& request, dhcp4::MessageType type) {
  dhcp4::Packet reply;
  fillReplyTo(request, type, reply);
  return reply;
}

ReplyDestination replyDestination(const dhcp4::Packet& request, const dhcp4::Packet& reply,
                                  const DhcpRequestContext& context) {
  const ReplyDestination broadcast{Ipv4Address(0xffffffffu), 68, true};
  if (!request.giaddr.isUnspecified()) return {request.giaddr, 67, false};
  if (reply.options.messageType() == dhcp4::MessageType::Nak) return broadcast;
  if (!context.peer_address.isUnspecified()) {
    return {context.peer_address, context.peer_port, false};
  }
  if (!request.ciaddr.isUnspecified()) return {request.ciaddr, 68, false};
  return broadcast;
}

}  // namespace smee::dhcp
