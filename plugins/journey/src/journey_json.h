#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "journey_store.h"

namespace smee::journey {

std::string_view stageName(JourneyStage stage);
// "2026-12-04T10:00:00.123Z"
std::string isoTime(WallClock::time_point at);

struct ListFigures {
  std::uint64_t unmatched = 0;  // events for an address no DHCP reply gave out
  std::uint64_t evicted = 0;    // machines let go over the limits
  std::size_t bytes = 0;
};

// GET /journey.json: every machine held, most recently seen first, with its
// state and last step.
std::string machinesJson(const std::vector<MachineJourney>& machines, WallClock::time_point now,
                         std::chrono::milliseconds stuck_after, const ListFigures& figures);
// GET /journey/<mac>.json: one machine's timeline, oldest first.
std::string machineJson(const MachineJourney& machine, WallClock::time_point now,
                        std::chrono::milliseconds stuck_after);

}  // namespace smee::journey
