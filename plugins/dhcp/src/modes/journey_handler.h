#pragma once

#include <memory>

#include "smee/services/boot_journey.h"
#include "smee/services/dhcp_handler.h"

namespace smee::dhcp {

// Wraps the active mode (any mode, a third party's too) and records each
// request and its answer as steps of the machine's boot journey: what the
// firmware asked for, what it was given and why, or why it got nothing.
// The mode's decision is unchanged; with no journey plugin loaded this
// wrapper is not installed at all.
class JourneyHandler final : public DhcpHandler {
 public:
  JourneyHandler(std::shared_ptr<const DhcpHandler> mode, std::shared_ptr<BootJourney> journey);
  DhcpDecision handle(const dhcp4::Packet& request,
                      const DhcpRequestContext& context) const override;
  bool handleInto(const dhcp4::Packet& request, const DhcpRequestContext& context,
                  dhcp4::Packet& reply, DhcpDecision& decision) const override;

 private:
  void note(const dhcp4::Packet& request, const dhcp4::Packet* reply,
            const DhcpDecision& decision) const;
  std::shared_ptr<const DhcpHandler> mode_;
  std::shared_ptr<BootJourney> journey_;
};

}  // namespace smee::dhcp
