#pragma once

#include <memory>

#include "boot_settings.h"
#include "smee/services/backend.h"
#include "smee/services/dhcp_handler.h"

namespace smee::dhcp {

// Mode `reservation` (spec 2.5): an authoritative server that answers only
// machines the backend knows, each with its reserved address. No pools,
// no lease database. Fixes Smee's gaps (spec 2.11): a REQUEST naming
// another server is ignored; a REQUEST for an address that is not the
// reservation gets a NAK; the VLAN id goes out as option 43.116; options
// 121, 66 and 67 come from the hardware.
class ReservationHandler final : public DhcpHandler {
 public:
  ReservationHandler(std::shared_ptr<const BackendReader> backend, BootSettings settings);
  DhcpDecision handle(const dhcp4::Packet& request,
                      const DhcpRequestContext& context) const override;
  // Fills `reply` and `decision` in place: a plain DORA allocates nothing
  // once they have been used (checked by the allocation test).
  bool handleInto(const dhcp4::Packet& request, const DhcpRequestContext& context,
                  dhcp4::Packet& reply, DhcpDecision& decision) const override;

 private:
  bool answer(const dhcp4::Packet& request, dhcp4::MessageType reply_type,
              const HardwareRecord& hardware, const DhcpRequestContext& context,
              dhcp4::Packet& reply, DhcpDecision& decision) const;
  void addLeaseOptions(dhcp4::Packet& reply, const HardwareRecord& hw) const;
  void addNetbootFields(dhcp4::Packet& reply, const dhcp4::Packet& request,
                        const HardwareRecord& hw, const std::optional<TraceContext>& trace) const;
  std::shared_ptr<const BackendReader> backend_;
  BootSettings settings_;
};

}  // namespace smee::dhcp
