#pragma once

#include <memory>

#include "smee/services/dhcp_handler.h"

namespace smee::dhcp {

// The PXE boot server on UDP 4011 (PXE 2.1, 2.2.5 and 2.2.6): after a
// ProxyDHCP offer, PXE firmware may send a DHCPREQUEST to port 4011 of the
// ProxyDHCP server, either to fetch the boot file the offer left out (iPXE's
// ProxyDHCPREQUEST, EDK2's "BINL" request) or as boot server discovery
// (with option 43.71, the boot item). It gets a DHCPACK with the same
// netboot fields the ProxyDHCP offer carries for that machine: this class
// only filters and then asks `proxy` (the proxy or auto-proxy mode, with its
// hooks) for the answer, so both ports can never disagree.
class PxeBootServerHandler final : public DhcpHandler {
 public:
  explicit PxeBootServerHandler(std::shared_ptr<const DhcpHandler> proxy);
  DhcpDecision handle(const dhcp4::Packet& request,
                      const DhcpRequestContext& context) const override;
  bool handleInto(const dhcp4::Packet& request, const DhcpRequestContext& context,
                  dhcp4::Packet& reply, DhcpDecision& decision) const override;

 private:
  std::shared_ptr<const DhcpHandler> proxy_;
};

}  // namespace smee::dhcp
