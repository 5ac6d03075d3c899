#include "journey_json.h"

#include <ctime>

#include "machine_state.h"
#include "smee/json_text.h"

namespace smee::journey {
namespace {

std::string quoted(std::string_view text) { return "\"" + jsonEscape(text) + "\""; }

std::string eventJson(const TimedEvent& timed) {
  return "{\"time\":" + quoted(isoTime(timed.at)) +
         ",\"stage\":" + quoted(stageName(timed.event.stage)) +
         ",\"step\":" + quoted(timed.event.step) + ",\"detail\":" + quoted(timed.event.detail) +
         ",\"ok\":" + (timed.event.outcome == JourneyOutcome::Ok ? "true" : "false") + "}";
}

std::string headJson(const MachineJourney& machine, WallClock::time_point now,
                     std::chrono::milliseconds stuck_after) {
  std::string out = "\"mac\":" + quoted(machine.mac.toString());
  out += ",\"address\":" +
         (machine.address ? quoted(machine.address->toString()) : std::string("null"));
  out += ",\"state\":" + quoted(bootStateName(bootState(machine, now, stuck_after)));
  out += ",\"events_recorded\":" + std::to_string(machine.recorded);
  return out;
}

}  // namespace

std::string_view stageName(JourneyStage stage) {
  switch (stage) {
    case JourneyStage::Dhcp:
      return "DHCP";
    case JourneyStage::Tftp:
      return "TFTP";
    case JourneyStage::Http:
      return "HTTP";
    case JourneyStage::Syslog:
      return "syslog";
    case JourneyStage::Backend:
      return "backend";
  }
  return "?";
}

std::string isoTime(WallClock::time_point at) {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(ms % 1000));
  return text;
}

std::string machinesJson(const std::vector<MachineJourney>& machines, WallClock::time_point now,
                         std::chrono::milliseconds stuck_after, const ListFigures& figures) {
  std::string out = "{\"now\":" + quoted(isoTime(now)) + ",\"machines\":[";
  bool first = true;
  for (const MachineJourney& machine : machines) {
    if (!first) out += ',';
    first = false;
    out += "{" + headJson(machine, now, stuck_after);
    out += ",\"last\":" +
           (machine.events.empty() ? std::string("null") : eventJson(machine.events.back()));
    out += "}";
  }
  out += "],\"unmatched_events\":" + std::to_string(figures.unmatched) +
         ",\"evicted_machines\":" + std::to_string(figures.evicted) +
         ",\"bytes_held\":" + std::to_string(figures.bytes) + "}\n";
  return out;
}

std::string machineJson(const MachineJourney& machine, WallClock::time_point now,
                        std::chrono::milliseconds stuck_after) {
  std::string out = "{\"now\":" + quoted(isoTime(now)) + "," + headJson(machine, now, stuck_after);
  out += ",\"events\":[";
  for (std::size_t i = 0; i < machine.events.size(); ++i) {
    if (i > 0) out += ',';
    out += eventJson(machine.events[i]);
  }
  out += "]}\n";
  return out;
}

}  // namespace smee::journey
