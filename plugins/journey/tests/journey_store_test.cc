#include "journey_store.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace smee::journey {
namespace {

MacAddress mac(int n) {
  char text[18];
  std::snprintf(text, sizeof text, "52:54:00:00:%02x:%02x", (n >> 8) & 0xff, n & 0xff);
  return *MacAddress::parse(text);
}

JourneyEvent dhcp(std::string step, std::string detail = {}) {
  return {JourneyStage::Dhcp, JourneyOutcome::Ok, std::move(step), std::move(detail)};
}

const WallClock::time_point kT0 = WallClock::time_point(std::chrono::seconds(1'800'000'000));

TEST(JourneyStore, KeepsEachMachinesEventsInOrder) {
  JourneyStore store({});
  store.record(mac(1), dhcp("DISCOVER"), kT0);
  store.record(mac(2), dhcp("DISCOVER"), kT0);
  store.record(mac(1), dhcp("OFFER", "192.0.2.10"), kT0 + std::chrono::milliseconds(3));
  auto one = store.machine(mac(1));
  ASSERT_TRUE(one);
  ASSERT_EQ(one->events.size(), 2u);
  EXPECT_EQ(one->events[0].event.step, "DISCOVER");
  EXPECT_EQ(one->events[1].event.step, "OFFER");
  EXPECT_EQ(one->events[1].event.detail, "192.0.2.10");
  EXPECT_FALSE(store.machine(mac(3)));
}

TEST(JourneyStore, RingKeepsTheLastEventsAndCountsAll) {
  StoreLimits limits;
  limits.events_per_machine = 3;
  JourneyStore store(limits);
  for (int i = 0; i < 10; ++i) store.record(mac(1), dhcp("step " + std::to_string(i)), kT0);
  auto one = store.machine(mac(1));
  ASSERT_EQ(one->events.size(), 3u);
  EXPECT_EQ(one->events.front().event.step, "step 7");
  EXPECT_EQ(one->events.back().event.step, "step 9");
  EXPECT_EQ(one->recorded, 10u);
}

TEST(JourneyStore, TheMachineSeenLongestAgoGoesFirst) {
  StoreLimits limits;
  limits.max_machines = 2;
  JourneyStore store(limits);
  store.record(mac(1), dhcp("DISCOVER"), kT0);
  store.record(mac(2), dhcp("DISCOVER"), kT0);
  store.record(mac(1), dhcp("REQUEST"), kT0);  // 1 is now newer than 2
  store.record(mac(3), dhcp("DISCOVER"), kT0);
  EXPECT_TRUE(store.machine(mac(1)));
  EXPECT_FALSE(store.machine(mac(2)));
  EXPECT_TRUE(store.machine(mac(3)));
  EXPECT_EQ(store.evictedMachines(), 1u);
  auto all = store.machines();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].mac, mac(3));  // most recently seen first
  EXPECT_EQ(all[1].mac, mac(1));
}

TEST(JourneyStore, TheByteBudgetBoundsMemoryWhateverTheEvents) {
  StoreLimits limits;
  limits.max_bytes = 64 * 1024;
  limits.events_per_machine = 1000;
  limits.max_machines = 100000;
  JourneyStore store(limits);
  for (int i = 0; i < 5000; ++i)
    store.record(mac(i % 200), dhcp("OFFER", std::string(200, 'x')), kT0);
  EXPECT_LE(store.bytesHeld(), limits.max_bytes);
  EXPECT_GT(store.evictedMachines(), 0u);
  EXPECT_TRUE(store.machine(mac(4999 % 200)));  // the last one written is kept
}

TEST(JourneyStore, LongTextIsCutWithoutSplittingACharacter) {
  StoreLimits limits;
  limits.max_text = 10;
  JourneyStore store(limits);
  store.record(mac(1), dhcp("OFFER", "abcdefghi\xc3\xa9xyz"), kT0);  // é straddles byte 10
  auto one = store.machine(mac(1));
  EXPECT_EQ(one->events[0].event.detail, "abcdefghi...");
}

TEST(JourneyStore, AddressesLearnedFromDhcpNameTheMachine) {
  JourneyStore store({});
  const auto ip = *Ipv4Address::parse("192.0.2.10");
  EXPECT_FALSE(store.recordByAddress(ip, dhcp("early"), kT0));
  store.learnAddress(mac(1), ip);
  EXPECT_TRUE(
      store.recordByAddress(ip, {JourneyStage::Syslog, JourneyOutcome::Ok, "message", "hi"}, kT0));
  auto one = store.machine(mac(1));
  ASSERT_EQ(one->events.size(), 1u);
  EXPECT_EQ(one->events[0].event.step, "message");
  EXPECT_EQ(one->address, ip);
  // The address moves to another machine: the first no longer gets its events.
  store.learnAddress(mac(2), ip);
  EXPECT_TRUE(store.recordByAddress(ip, dhcp("x"), kT0));
  EXPECT_EQ(store.machine(mac(2))->events.size(), 1u);
  EXPECT_EQ(store.machine(mac(1))->events.size(), 1u);
}

TEST(JourneyStore, AnEvictedMachineTakesItsAddressWithIt) {
  StoreLimits limits;
  limits.max_machines = 1;
  JourneyStore store(limits);
  const auto ip = *Ipv4Address::parse("192.0.2.10");
  store.learnAddress(mac(1), ip);
  store.record(mac(2), dhcp("DISCOVER"), kT0);
  EXPECT_FALSE(store.recordByAddress(ip, dhcp("x"), kT0));
}

}  // namespace
}  // namespace smee::journey
