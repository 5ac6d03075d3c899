#include "reservation_handler.h"

#include "boot_target.h"
#include "classification.h"
#include "option_encoding.h"
#include "reply.h"

namespace smee::dhcp {
namespace {

using dhcp4::MessageType;
namespace opt = dhcp4::opt;

std::string_view outcomeOf(LookupStatus status) {
  switch (status) {
    case LookupStatus::NotFound:
      return "not_found";
    case LookupStatus::Ambiguous:
      return "ambiguous_hardware";
    case LookupStatus::Malformed:
      return "malformed_hardware";
    default:
      return "backend_unavailable";
  }
}

}  // namespace

ReservationHandler::ReservationHandler(std::shared_ptr<const BackendReader> backend,
                                       BootSettings settings)
    : backend_(std::move(backend)), settings_(std::move(settings)) {}

DhcpDecision ReservationHandler::handle(const dhcp4::Packet& request,
                                        const DhcpRequestContext& context) const {
  return decideWith(*this, request, context);
}

bool ReservationHandler::handleInto(const dhcp4::Packet& request, const DhcpRequestContext& context,
                                    dhcp4::Packet& reply, DhcpDecision& decision) const {
  auto type = request.options.messageType();
  if (type == MessageType::Release)
    return stayQuiet(decision, "release", "all addresses are reservations");
  if (type != MessageType::Discover && type != MessageType::Request) {
    return stayQuiet(decision, "unsupported_message_type",
                     type ? "no reply to " + std::string(dhcp4::messageTypeName(*type))
                          : "no DHCP message type (plain BOOTP)");
  }
  ScopedSpan lookup(context.tracer, "Hardware data get", SpanKind::Internal, context.trace);
  auto found = backend_->byMac(request.mac());
  if (lookup) {  // the MAC's text is made only for a span
    lookup.setString("DHCP.chaddr", request.mac().toString());
    lookup.setString("lookup.status", found.found() ? "found" : outcomeOf(found.status));
    if (!found.found() && found.status != LookupStatus::NotFound) lookup.setError(found.detail);
    lookup.end();
  }
  if (!found.found()) return stayQuiet(decision, outcomeOf(found.status), found.detail);
  const HardwareRecord& hardware = *found.record;
  if (hardware.dhcp.disabled)
    return stayQuiet(decision, "dhcp_disabled", "hardware has DHCP disabled");
  if (!hardware.dhcp.ip) return stayQuiet(decision, "no_ip", "hardware has no IPv4 address");
  Ipv4Address reserved = *hardware.dhcp.ip;

  if (type == MessageType::Discover) {
    return answer(request, MessageType::Offer, hardware, context, reply, decision);
  }

  // REQUEST: SELECTING names a server; INIT-REBOOT names an address;
  // RENEWING/REBINDING carry it in ciaddr (RFC 2131 4.3.2).
  if (auto server = request.options.ipv4(opt::kServerId);
      server && *server != settings_.ip_for_packet) {
    return stayQuiet(decision, "request_for_other_server",
                     "client chose server " + server->toString());
  }
  auto requested = request.options.ipv4(opt::kRequestedIp);
  Ipv4Address asked = requested ? *requested : request.ciaddr;
  if (!asked.isUnspecified() && asked != reserved) {
    fillReplyTo(request, MessageType::Nak, reply);
    reply.options.setIpv4(opt::kServerId, settings_.ip_for_packet);
    sendReply(decision, "nak");
    decision.detail =
        "client asked for " + asked.toString() + ", reservation is " + reserved.toString();
    return true;
  }
  return answer(request, MessageType::Ack, hardware, context, reply, decision);
}

bool ReservationHandler::answer(const dhcp4::Packet& request, MessageType reply_type,
                                const HardwareRecord& hardware, const DhcpRequestContext& context,
                                dhcp4::Packet& reply, DhcpDecision& decision) const {
  fillReplyTo(request, reply_type, reply);
  reply.yiaddr = *hardware.dhcp.ip;
  reply.siaddr = settings_.ip_for_packet;
  addLeaseOptions(reply, hardware);
  addNetbootFields(reply, request, hardware, context.trace);
  return sendReply(decision, reply_type == MessageType::Offer ? "offer" : "ack");
}

void ReservationHandler::addLeaseOptions(dhcp4::Packet& reply, const HardwareRecord& hw) const {
  const DhcpRecord& d = hw.dhcp;
  auto& o = reply.options;
  o.setIpv4(opt::kServerId, settings_.ip_for_packet);
  o.setU32(opt::kLeaseTime, d.lease_time);
  if (d.subnet_mask) o.setIpv4(opt::kSubnetMask, *d.subnet_mask);
  if (d.default_gateway) o.setIpv4(opt::kRouter, *d.default_gateway);
  if (!d.name_servers.empty()) o.setIpv4List(opt::kDomainNameServer, d.name_servers);
  if (!settings_.syslog_ip.isUnspecified()) o.setIpv4(opt::kLogServer, settings_.syslog_ip);
  if (!d.hostname.empty()) o.setString(opt::kHostName, d.hostname);
  if (!d.domain_name.empty()) o.setString(opt::kDomainName, d.domain_name);
  if (d.broadcast_address) o.setIpv4(opt::kBroadcastAddress, *d.broadcast_address);
  if (!d.ntp_servers.empty()) o.setIpv4List(opt::kNtpServers, d.ntp_servers);
  if (!d.domain_search.empty()) o.set(opt::kDomainSearch, domainSearchOption(d.domain_search));
  if (!d.classless_routes.empty()) {
    o.set(opt::kClasslessRoutes, classlessRoutesOption(d.classless_routes));
  }
}

void ReservationHandler::addNetbootFields(dhcp4::Packet& reply, const dhcp4::Packet& request,
                                          const HardwareRecord& hw,
                                          const std::optional<TraceContext>& trace) const {
  // Hardware that names its own TFTP server and boot file (switches,
  // appliances) gets exactly that, and no automatic netboot logic.
  if (!hw.dhcp.boot_file_name.empty() || !hw.dhcp.tftp_server_name.empty()) {
    if (!hw.dhcp.tftp_server_name.empty()) {
      reply.options.setString(opt::kTftpServerName, hw.dhcp.tftp_server_name);
    }
    if (!hw.dhcp.boot_file_name.empty()) {
      reply.options.setString(opt::kBootFileName, hw.dhcp.boot_file_name);
      reply.file = hw.dhcp.boot_file_name;
    }
    return;
  }
  Classification client = classify(request);
  if (!client.netboot_client) return;
  if (client.client_type == ClientType::HttpClient) {
    reply.options.setString(opt::kClassId, "HTTPClient");
  }
  reply.file = "/netboot-not-allowed";
  reply.siaddr = Ipv4Address();
  if (!hw.netboot.allow_pxe) return;
  std::string script = scriptUrlFor(settings_, client.mac, hw.netboot.ipxe_script_url);
  // Spec 2.3: with tracing, the binary name carries this packet's trace so
  // that the binary servers continue it.
  auto target = chooseBootTarget(client, settings_, script, hw.netboot.ipxe_binary,
                                 trace ? traceSuffix(*trace) : std::string());
  if (!target) return;
  reply.file = target->file;
  reply.siaddr = target->next_server;
  reply.options.set(opt::kVendorSpecific,
                    pxeVendorOptions(client, binaryTraceparent(trace), hw.dhcp.vlan_id));
  if (settings_.ipxe_chain && target->gives_binary &&
      client.client_type != ClientType::HttpClient) {
    reply.options.setString(opt::kUserClass, kChainedUserClass);
  }
  if (request.options.has(opt::kIpxeEncapsulated)) {
    reply.options.set(opt::kIpxeEncapsulated, ipxeNoProxyDhcpOption());
  }
}

}  // namespace smee::dhcp
