#include "proxy_handler.h"

#include "boot_target.h"
#include "classification.h"
#include "option_encoding.h"
#include "reply.h"

namespace smee::dhcp {

using dhcp4::MessageType;
namespace opt = dhcp4::opt;

ProxyHandler::ProxyHandler(std::shared_ptr<const BackendReader> backend, BootSettings settings,
                           bool automatic)
    : backend_(std::move(backend)), settings_(std::move(settings)), automatic_(automatic) {}

DhcpDecision ProxyHandler::handle(const dhcp4::Packet& request,
                                  const DhcpRequestContext& context) const {
  return decideWith(*this, request, context);
}

bool ProxyHandler::handleInto(const dhcp4::Packet& request, const DhcpRequestContext& context,
                              dhcp4::Packet& reply, DhcpDecision& decision) const {
  if (request.op != dhcp4::Op::BootRequest) {
    return stayQuiet(decision, "not_boot_request", "op is not BOOTREQUEST");
  }
  auto type = request.options.messageType();
  if (type != MessageType::Discover && type != MessageType::Request) {
    return stayQuiet(decision, "unsupported_message_type",
                     "proxy answers only DISCOVER and REQUEST");
  }
  Classification client = classify(request);
  if (!client.netboot_client)
    return stayQuiet(decision, "not_netboot_client", client.not_netboot_reason);

  std::string binary_override;
  if (backend_) {
    ScopedSpan lookup(context.tracer, "Hardware data get", SpanKind::Internal, context.trace);
    auto found = backend_->byMac(client.mac);
    if (lookup) {
      lookup.setString("DHCP.chaddr", client.mac.toString());
      lookup.setString("lookup.status", found.found() ? "found" : std::string(found.detail));
      lookup.end();
    }
    if (found.found()) {
      if (!automatic_ && !found.record->netboot.allow_pxe) {
        return stayQuiet(decision, "netboot_not_allowed", "hardware does not allow PXE");
      }
      binary_override = found.record->netboot.ipxe_binary;
    } else if (!automatic_) {
      return stayQuiet(decision,
                       found.status == LookupStatus::NotFound ? "not_found" : "backend_error",
                       found.detail);
    }
  }
  // Proxy mode uses the global script URL only (spec 2.6).
  auto target =
      chooseBootTarget(client, settings_, scriptUrlFor(settings_, client.mac, ""), binary_override);
  if (!target) {
    return stayQuiet(decision, "unknown_arch",
                     "no iPXE binary for architecture " + std::to_string(client.arch));
  }
  fillReplyTo(request, type == MessageType::Discover ? MessageType::Offer : MessageType::Ack,
              reply);
  const auto* guid = request.options.find(opt::kClientGuid);
  reply.options.assign(opt::kClientGuid, guid ? std::span<const std::uint8_t>(*guid)
                                              : std::span<const std::uint8_t>());
  reply.options.set(opt::kVendorSpecific, pxeVendorOptions(client, std::nullopt, ""));
  reply.options.setString(
      opt::kClassId, client.client_type == ClientType::HttpClient ? "HTTPClient" : "PXEClient");
  reply.options.setIpv4(opt::kServerId, target->next_server);
  reply.siaddr = target->next_server;
  reply.sname = target->next_server.toString();
  reply.file = target->file;
  if (settings_.ipxe_chain && target->gives_binary &&
      client.client_type != ClientType::HttpClient) {
    reply.options.setString(opt::kUserClass, kChainedUserClass);
  }
  return sendReply(decision, type == MessageType::Discover ? "offer" : "ack");
}

}  // namespace smee::dhcp
