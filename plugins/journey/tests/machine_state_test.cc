#include "machine_state.h"

#include <gtest/gtest.h>

namespace smee::journey {
namespace {

using std::chrono::seconds;
const WallClock::time_point kT0 = WallClock::time_point(seconds(1'800'000'000));
constexpr std::chrono::milliseconds kStuck = seconds(60);

MachineJourney withEvents(std::vector<JourneyEvent> events) {
  MachineJourney machine;
  machine.mac = *MacAddress::parse("52:54:00:00:00:01");
  for (auto& event : events) machine.events.push_back({kT0, std::move(event)});
  return machine;
}

JourneyEvent ok(JourneyStage stage, std::string step) {
  return {stage, JourneyOutcome::Ok, std::move(step), {}};
}

std::string stateAt(const MachineJourney& machine, WallClock::time_point now) {
  return std::string(bootStateName(bootState(machine, now, kStuck)));
}

TEST(BootState, ReadsTheBootFromItsLastSteps) {
  using S = JourneyStage;
  EXPECT_EQ(stateAt(withEvents({ok(S::Dhcp, "DISCOVER"), ok(S::Dhcp, "OFFER")}), kT0), "booting");
  EXPECT_EQ(stateAt(withEvents({ok(S::Dhcp, "OFFER")}), kT0 + seconds(61)), "stuck at DHCP");
  EXPECT_EQ(
      stateAt(withEvents({ok(S::Dhcp, "ACK"), ok(S::Tftp, "transfer started")}), kT0 + seconds(5)),
      "booting");
  EXPECT_EQ(
      stateAt(withEvents({ok(S::Dhcp, "ACK"), ok(S::Tftp, "transfer started")}), kT0 + seconds(61)),
      "stuck at TFTP");
  EXPECT_EQ(stateAt(withEvents({ok(S::Tftp, "transfer started"), ok(S::Tftp, "file served")}),
                    kT0 + seconds(99)),
            "iPXE loaded");
  EXPECT_EQ(stateAt(withEvents({ok(S::Http, "iPXE binary")}), kT0), "iPXE loaded");
  EXPECT_EQ(stateAt(withEvents({ok(S::Dhcp, "ACK"), ok(S::Http, "auto.ipxe")}), kT0),
            "script served");
  // The kernel and initrd the script names come after it.
  EXPECT_EQ(stateAt(withEvents({ok(S::Http, "auto.ipxe"), ok(S::Http, "file")}), kT0),
            "script served");
  // A new DHCP attempt after the script: the script belongs to the old one.
  EXPECT_EQ(
      stateAt(withEvents({ok(S::Http, "auto.ipxe"), ok(S::Dhcp, "ACK"), ok(S::Http, "file")}), kT0),
      "booting");
  EXPECT_EQ(
      stateAt(withEvents({ok(S::Http, "auto.ipxe"), ok(S::Syslog, "message")}), kT0 + seconds(999)),
      "OS up");
}

TEST(BootState, TheLastStepFailingIsAFailure) {
  auto machine =
      withEvents({ok(JourneyStage::Dhcp, "ACK"),
                  {JourneyStage::Tftp, JourneyOutcome::Error, "transfer failed", "timed out"}});
  EXPECT_EQ(stateAt(machine, kT0), "failed");
}

}  // namespace
}  // namespace smee::journey
