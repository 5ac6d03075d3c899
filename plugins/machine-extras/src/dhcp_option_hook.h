#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "machine_selector.h"
#include "smee/services/dhcp_reply_hook.h"

namespace smee::machine_extras {

// A DHCP reply hook: every reply to a selected machine gets one more option
// (a site-specific one, 224-254, that a vendor's firmware reads, say).
// Other machines' replies, and those to machines the backend does not
// know, are left as they are.
class DhcpOptionHook final : public DhcpReplyHook {
 public:
  DhcpOptionHook(MachineSelector selector, std::uint8_t option, std::string text,
                 std::shared_ptr<const BackendReader> backend);
  void onReply(const dhcp4::Packet& request, const DhcpRequestContext& context,
               dhcp4::Packet& reply) const override;

 private:
  MachineSelector selector_;
  std::uint8_t option_;
  std::string text_;
  std::shared_ptr<const BackendReader> backend_;
};

}  // namespace smee::machine_extras
