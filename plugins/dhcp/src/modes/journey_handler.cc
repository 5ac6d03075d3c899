#include "journey_handler.h"

#include <string>

#include "message_type.h"
#include "smee/proto/dhcp4/options.h"

namespace smee::dhcp {
namespace {

// What the firmware said about itself: the facts the boot file follows from.
std::string requestDetail(const dhcp4::Packet& request) {
  std::string detail;
  auto add = [&detail](const std::string& part) {
    if (part.empty()) return;
    if (!detail.empty()) detail += ", ";
    detail += part;
  };
  if (auto arch = request.options.u16List(93); !arch.empty())
    add("arch " + std::to_string(arch.front()));
  std::string vendor = request.options.text(60);
  add(vendor.substr(0, vendor.find(':')));  // "PXEClient", "HTTPClient"
  if (std::string user_class = request.options.text(77); !user_class.empty())
    add("user class " + user_class);
  if (!request.giaddr.isUnspecified()) add("relayed by " + request.giaddr.toString());
  if (!request.ciaddr.isUnspecified()) add("from " + request.ciaddr.toString());
  return detail;
}

std::string replyDetail(const dhcp4::Packet& reply, const DhcpDecision& decision) {
  std::string detail = reply.yiaddr.isUnspecified() ? std::string("no address (ProxyDHCP)")
                                                    : reply.yiaddr.toString();
  std::string file = reply.file.empty() ? reply.options.text(67) : reply.file;
  if (!file.empty()) detail += ", boot file " + file;
  if (!decision.detail.empty()) detail += " (" + decision.detail + ")";
  return detail;
}

// Silences that are no fault of the machine's: the protocol's own (a
// RELEASE, a REQUEST for another server) or a client that is not netbooting.
bool isPassingSilence(std::string_view outcome) {
  return outcome == "release" || outcome == "request_for_other_server" ||
         outcome == "not_boot_request" || outcome == "not_netboot_client" ||
         outcome == "unsupported_message_type";
}

}  // namespace

JourneyHandler::JourneyHandler(std::shared_ptr<const DhcpHandler> mode,
                               std::shared_ptr<BootJourney> journey)
    : mode_(std::move(mode)), journey_(std::move(journey)) {}

DhcpDecision JourneyHandler::handle(const dhcp4::Packet& request,
                                    const DhcpRequestContext& context) const {
  DhcpDecision decision = mode_->handle(request, context);
  note(request, decision.reply ? &*decision.reply : nullptr, decision);
  return decision;
}

bool JourneyHandler::handleInto(const dhcp4::Packet& request, const DhcpRequestContext& context,
                                dhcp4::Packet& reply, DhcpDecision& decision) const {
  const bool answered = mode_->handleInto(request, context, reply, decision);
  note(request, answered ? &reply : nullptr, decision);
  return answered;
}

void JourneyHandler::note(const dhcp4::Packet& request, const dhcp4::Packet* reply,
                          const DhcpDecision& decision) const {
  const MacAddress mac = request.mac();
  journey_->record(mac, {JourneyStage::Dhcp, JourneyOutcome::Ok, std::string(typeName(request)),
                         requestDetail(request)});
  if (!reply) {
    // Silence is the mode's answer; say why, or the machine's page would
    // stop at its request with no explanation.
    const bool refused = !isPassingSilence(decision.outcome);
    journey_->record(
        mac, {JourneyStage::Dhcp, refused ? JourneyOutcome::Error : JourneyOutcome::Ok, "no reply",
              decision.outcome + (decision.detail.empty() ? "" : ": " + decision.detail)});
    return;
  }
  if (!reply->yiaddr.isUnspecified()) journey_->learnAddress(mac, reply->yiaddr);
  journey_->record(mac, {JourneyStage::Dhcp, JourneyOutcome::Ok, std::string(typeName(*reply)),
                         replyDetail(*reply, decision)});
}

}  // namespace smee::dhcp
