#include "dhcp_option_hook.h"

namespace smee::machine_extras {

DhcpOptionHook::DhcpOptionHook(MachineSelector selector, std::uint8_t option, std::string text,
                               std::shared_ptr<const BackendReader> backend)
    : selector_(std::move(selector)),
      option_(option),
      text_(std::move(text)),
      backend_(std::move(backend)) {}

void DhcpOptionHook::onReply(const dhcp4::Packet& request, const DhcpRequestContext& /*context*/,
                             dhcp4::Packet& reply) const {
  LookupResult found = backend_->byMac(request.mac());
  if (found.found() && selector_.selects(*found.record)) reply.options.setString(option_, text_);
}

}  // namespace smee::machine_extras
