#pragma once

#include <memory>

#include "smee/services/dhcp_handler.h"

namespace smee::dhcp {

// `dhcp.proxy_defer_boot_file`: the ProxyDHCP reply on port 67 keeps what
// tells PXE firmware where the boot server is (option 54, siaddr, option 60
// PXEClient) but leaves out the boot file and the PXE options (43), so the
// firmware asks the boot server on port 4011 for them (PXE 2.1 2.2.5; iPXE
// sends its ProxyDHCPREQUEST only when the offer has no boot file, EDK2
// treats such an offer as "BINL"). For firmware that ignores a boot file in
// a ProxyDHCP offer, as pixiecore assumes for UEFI. Replies to UEFI HTTP
// boot clients, which have no port 4011 step, are left whole.
class BootFileDeferringHandler final : public DhcpHandler {
 public:
  explicit BootFileDeferringHandler(std::shared_ptr<const DhcpHandler> proxy);
  DhcpDecision handle(const dhcp4::Packet& request,
                      const DhcpRequestContext& context) const override;
  bool handleInto(const dhcp4::Packet& request, const DhcpRequestContext& context,
                  dhcp4::Packet& reply, DhcpDecision& decision) const override;

 private:
  std::shared_ptr<const DhcpHandler> proxy_;
};

}  // namespace smee::dhcp
