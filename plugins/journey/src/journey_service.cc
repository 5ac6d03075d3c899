#include "journey_service.h"

#include "journey_html.h"
#include "journey_json.h"

namespace smee::journey {
namespace {

JourneyPage notFound(std::string_view why) {
  return {404, "text/plain; charset=utf-8", std::string(why) + "\n"};
}

bool endsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

JourneyService::JourneyService(StoreLimits limits, std::chrono::milliseconds stuck_after,
                               Counter& events, Counter& unmatched, Clock clock)
    : store_(limits),
      stuck_after_(stuck_after),
      events_(events),
      unmatched_(unmatched),
      clock_(std::move(clock)) {}

void JourneyService::record(const MacAddress& mac, JourneyEvent event) {
  events_.inc();
  store_.record(mac, std::move(event), clock_());
}

void JourneyService::recordByAddress(Ipv4Address address, JourneyEvent event) {
  if (store_.recordByAddress(address, std::move(event), clock_())) {
    events_.inc();
  } else {
    unmatched_.inc();
    unmatched_count_.fetch_add(1, std::memory_order_relaxed);
  }
}

void JourneyService::learnAddress(const MacAddress& mac, Ipv4Address address) {
  store_.learnAddress(mac, address);
}

std::optional<JourneyPage> JourneyService::page(std::string_view path) const {
  const auto now = clock_();
  if (path == "/journey" || path == "/journey/") {
    return JourneyPage{200, "text/html; charset=utf-8",
                       machinesPage(store_.machines(), now, stuck_after_)};
  }
  if (path == "/journey.json") {
    ListFigures figures{unmatched_count_.load(std::memory_order_relaxed), store_.evictedMachines(),
                        store_.bytesHeld()};
    return JourneyPage{200, "application/json",
                       machinesJson(store_.machines(), now, stuck_after_, figures)};
  }
  constexpr std::string_view kPrefix = "/journey/";
  if (path.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string_view rest = path.substr(kPrefix.size());
  const bool json = endsWith(rest, ".json");
  if (json) rest.remove_suffix(5);
  auto mac = MacAddress::parse(rest);
  if (!mac) return notFound("not a MAC address: " + std::string(rest.substr(0, 64)));
  auto machine = store_.machine(*mac);
  if (!machine)
    return notFound("no journey for " + mac->toString() +
                    ": not seen since smeed started, or let go");
  if (json) return JourneyPage{200, "application/json", machineJson(*machine, now, stuck_after_)};
  return JourneyPage{200, "text/html; charset=utf-8", machinePage(*machine, now, stuck_after_)};
}

}  // namespace smee::journey
