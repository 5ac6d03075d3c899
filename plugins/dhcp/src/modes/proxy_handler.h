#pragma once

#include <memory>

#include "boot_settings.h"
#include "smee/services/backend.h"
#include "smee/services/dhcp_handler.h"

namespace smee::dhcp {

// Modes `proxy` and `auto-proxy` (spec 2.6, 2.7): ProxyDHCP beside the
// network's own DHCP server, which hands out the addresses. Only PXE
// clients get an answer: the boot file and next server, no lease. In
// `proxy` the backend must know the machine and allow PXE; `auto-proxy`
// boots every PXE client (the backend, when it has the machine, may still
// override the binary).
class ProxyHandler final : public DhcpHandler {
 public:
  ProxyHandler(std::shared_ptr<const BackendReader> backend, BootSettings settings, bool automatic);
  DhcpDecision handle(const dhcp4::Packet& request,
                      const DhcpRequestContext& context) const override;
  bool handleInto(const dhcp4::Packet& request, const DhcpRequestContext& context,
                  dhcp4::Packet& reply, DhcpDecision& decision) const override;

 private:
  std::shared_ptr<const BackendReader> backend_;
  BootSettings settings_;
  bool automatic_;
};

}  // namespace smee::dhcp
