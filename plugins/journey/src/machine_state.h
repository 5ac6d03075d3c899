#pragma once

#include <chrono>
#include <string_view>

#include "journey_store.h"

namespace smee::journey {

// Where a machine's boot stands, read from its events: the question an
// operator asks first ("did it boot, and if not, where did it stop?").
enum class BootState {
  Booting,       // DHCP under way, or a step that moves on
  StuckAtDhcp,   // offered, and nothing since for longer than stuck_after
  StuckAtTftp,   // a transfer started and neither ended nor moved on
  IpxeLoaded,    // the iPXE binary arrived (TFTP or HTTP)
  ScriptServed,  // auto.ipxe answered: iPXE has its instructions
  OsUp,          // the machine's own OS sent syslog
  Failed,        // the last step was refused or failed
};

std::string_view bootStateName(BootState state);

BootState bootState(const MachineJourney& machine, WallClock::time_point now,
                    std::chrono::milliseconds stuck_after);

// The step names the protocols record and this reading depends on.
namespace steps {
inline constexpr std::string_view kTftpStarted = "transfer started";
inline constexpr std::string_view kTftpServed = "file served";
inline constexpr std::string_view kScript = "auto.ipxe";
inline constexpr std::string_view kBinary = "iPXE binary";
}  // namespace steps

}  // namespace smee::journey
