#pragma once

#include <memory>
#include <vector>

#include "smee/services/dhcp_handler.h"
#include "smee/services/dhcp_reply_hook.h"

namespace smee::dhcp {

// The active mode followed by the reply hooks other plugins registered:
// the mode decides whether and what to answer, each hook then amends the
// reply in turn. Installed only when at least one hook is registered.
class HookedHandler final : public DhcpHandler {
 public:
  HookedHandler(std::shared_ptr<const DhcpHandler> mode,
                std::vector<std::shared_ptr<const DhcpReplyHook>> hooks);
  DhcpDecision handle(const dhcp4::Packet& request,
                      const DhcpRequestContext& context) const override;
  bool handleInto(const dhcp4::Packet& request, const DhcpRequestContext& context,
                  dhcp4::Packet& reply, DhcpDecision& decision) const override;

 private:
  std::shared_ptr<const DhcpHandler> mode_;
  std::vector<std::shared_ptr<const DhcpReplyHook>> hooks_;
};

}  // namespace smee::dhcp
