#include "pxe_boot_server_handler.h"

#include <algorithm>
#include <optional>
#include <span>
#include <string_view>

#include "reply.h"

namespace smee::dhcp {
namespace {

namespace opt = dhcp4::opt;

constexpr std::uint8_t kPxeBootItem = 71;  // option 43.71: boot server type and layer

// Sub-option `code` of an encapsulated option 43, or nothing when it is
// absent or the encapsulation is cut short.
std::optional<std::span<const std::uint8_t>> vendorSubOption(const dhcp4::Packet& packet,
                                                             std::uint8_t code) {
  const auto* vendor = packet.options.find(opt::kVendorSpecific);
  if (!vendor) return std::nullopt;
  std::span<const std::uint8_t> rest(*vendor);
  while (!rest.empty() && rest[0] != 255) {
    if (rest[0] == 0) {  // pad
      rest = rest.subspan(1);
      continue;
    }
    if (rest.size() < 2 || rest.size() < 2u + rest[1]) return std::nullopt;
    if (rest[0] == code) return rest.subspan(2, rest[1]);
    rest = rest.subspan(2u + rest[1]);
  }
  return std::nullopt;
}

// PXE 2.1 2.2.6: a boot server's ACK names the boot item it answers, so
// firmware doing boot server discovery takes the reply as its own.
void echoBootItem(const dhcp4::Packet& request, dhcp4::Packet& reply) {
  auto item = vendorSubOption(request, kPxeBootItem);
  if (!item) return;
  const std::uint8_t header[] = {kPxeBootItem, static_cast<std::uint8_t>(item->size())};
  if (reply.options.has(opt::kVendorSpecific)) {
    reply.options.append(opt::kVendorSpecific, header);
  } else {
    reply.options.assign(opt::kVendorSpecific, header);
  }
  reply.options.append(opt::kVendorSpecific, *item);
}

}  // namespace

PxeBootServerHandler::PxeBootServerHandler(std::shared_ptr<const DhcpHandler> proxy)
    : proxy_(std::move(proxy)) {}

DhcpDecision PxeBootServerHandler::handle(const dhcp4::Packet& request,
                                          const DhcpRequestContext& context) const {
  return decideWith(*this, request, context);
}

bool PxeBootServerHandler::handleInto(const dhcp4::Packet& request,
                                      const DhcpRequestContext& context, dhcp4::Packet& reply,
                                      DhcpDecision& decision) const {
  // Port 4011 carries only directed requests (PXE 2.1 2.2.5): a DISCOVER
  // here is not a PXE client, and answering it would offer twice.
  if (request.options.messageType() != dhcp4::MessageType::Request) {
    return stayQuiet(decision, "unsupported_message_type",
                     "the PXE boot server answers only REQUEST");
  }
  // HTTP boot clients never come here; anything but PXEClient is not PXE.
  const auto* vendor_class = request.options.find(opt::kClassId);
  constexpr std::string_view kPxeClient = "PXEClient";
  if (!vendor_class || vendor_class->size() < kPxeClient.size() ||
      !std::equal(kPxeClient.begin(), kPxeClient.end(), vendor_class->begin())) {
    return stayQuiet(decision, "not_pxe_client", "option 60 does not start with PXEClient");
  }
  if (!proxy_->handleInto(request, context, reply, decision)) return false;
  echoBootItem(request, reply);
  return true;
}

}  // namespace smee::dhcp
