#include "machine_state.h"

namespace smee::journey {

std::string_view bootStateName(BootState state) {
  switch (state) {
    case BootState::Booting:
      return "booting";
    case BootState::StuckAtDhcp:
      return "stuck at DHCP";
    case BootState::StuckAtTftp:
      return "stuck at TFTP";
    case BootState::IpxeLoaded:
      return "iPXE loaded";
    case BootState::ScriptServed:
      return "script served";
    case BootState::OsUp:
      return "OS up";
    case BootState::Failed:
      return "failed";
  }
  return "booting";
}

BootState bootState(const MachineJourney& machine, WallClock::time_point now,
                    std::chrono::milliseconds stuck_after) {
  if (machine.events.empty()) return BootState::Booting;
  const TimedEvent& last = machine.events.back();
  if (last.event.outcome == JourneyOutcome::Error) return BootState::Failed;
  const bool quiet = now - last.at > stuck_after;
  switch (last.event.stage) {
    case JourneyStage::Syslog:
      return BootState::OsUp;
    case JourneyStage::Tftp:
      if (last.event.step == steps::kTftpServed) return BootState::IpxeLoaded;
      return quiet ? BootState::StuckAtTftp : BootState::Booting;
    case JourneyStage::Http:
      if (last.event.step == steps::kBinary) return BootState::IpxeLoaded;
      // A script, then the kernel and initrd it names: the script was served.
      for (auto it = machine.events.rbegin(); it != machine.events.rend(); ++it) {
        if (it->event.stage == JourneyStage::Http && it->event.step == steps::kScript) {
          return BootState::ScriptServed;
        }
        if (it->event.stage == JourneyStage::Dhcp) break;  // a new attempt began
      }
      return BootState::Booting;
    case JourneyStage::Dhcp:
      return quiet ? BootState::StuckAtDhcp : BootState::Booting;
    case JourneyStage::Backend:
      return BootState::Booting;
  }
  return BootState::Booting;
}

}  // namespace smee::journey
