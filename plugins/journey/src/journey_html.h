#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "journey_store.h"

namespace smee::journey {

// The pages an operator opens in a browser. Self-contained (inline style and
// script, no external assets: the provisioning network is often offline),
// rendered in full on the server so they read without JavaScript, then kept
// current by polling the matching .json every two seconds.
std::string machinesPage(const std::vector<MachineJourney>& machines, WallClock::time_point now,
                         std::chrono::milliseconds stuck_after);
std::string machinePage(const MachineJourney& machine, WallClock::time_point now,
                        std::chrono::milliseconds stuck_after);

}  // namespace smee::journey
