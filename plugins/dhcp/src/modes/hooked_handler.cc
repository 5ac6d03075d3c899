#include "hooked_handler.h"

namespace smee::dhcp {

HookedHandler::HookedHandler(std::shared_ptr<const DhcpHandler> mode,
                             std::vector<std::shared_ptr<const DhcpReplyHook>> hooks)
    : mode_(std::move(mode)), hooks_(std::move(hooks)) {}

DhcpDecision HookedHandler::handle(const dhcp4::Packet& request,
                                   const DhcpRequestContext& context) const {
  DhcpDecision decision = mode_->handle(request, context);
  if (decision.reply) {
    for (const auto& hook : hooks_) hook->onReply(request, context, *decision.reply);
  }
  return decision;
}

bool HookedHandler::handleInto(const dhcp4::Packet& request, const DhcpRequestContext& context,
                               dhcp4::Packet& reply, DhcpDecision& decision) const {
  if (!mode_->handleInto(request, context, reply, decision)) return false;
  for (const auto& hook : hooks_) hook->onReply(request, context, reply);
  return true;
}

}  // namespace smee::dhcp
