#include "boot_file_deferring_handler.h"

#include "reply.h"

namespace smee::dhcp {

namespace opt = dhcp4::opt;

BootFileDeferringHandler::BootFileDeferringHandler(std::shared_ptr<const DhcpHandler> proxy)
    : proxy_(std::move(proxy)) {}

DhcpDecision BootFileDeferringHandler::handle(const dhcp4::Packet& request,
                                              const DhcpRequestContext& context) const {
  return decideWith(*this, request, context);
}

bool BootFileDeferringHandler::handleInto(const dhcp4::Packet& request,
                                          const DhcpRequestContext& context, dhcp4::Packet& reply,
                                          DhcpDecision& decision) const {
  if (!proxy_->handleInto(request, context, reply, decision)) return false;
  // The proxy mode names the client's kind in option 60 of its reply.
  if (reply.options.text(opt::kClassId) != "PXEClient") return true;
  reply.file.clear();
  reply.options.remove(opt::kBootFileName);
  reply.options.remove(opt::kVendorSpecific);
  // A user class meant for the binary (ipxe_chain) belongs with the boot file.
  reply.options.remove(opt::kUserClass);
  return true;
}

}  // namespace smee::dhcp
