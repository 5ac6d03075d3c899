#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "smee/net/ipv4.h"
#include "smee/net/mac_address.h"
#include "smee/services/boot_journey.h"

namespace smee::journey {

using WallClock = std::chrono::system_clock;

// One recorded step with the time it was seen.
struct TimedEvent {
  WallClock::time_point at;
  JourneyEvent event;
};

// What the store holds of one machine: its last events, oldest first.
struct MachineJourney {
  MacAddress mac;
  std::optional<Ipv4Address> address;  // last one DHCP gave it
  std::vector<TimedEvent> events;
  std::uint64_t recorded = 0;  // events ever recorded, including those the ring let go
};

struct StoreLimits {
  std::size_t max_machines = 2048;
  std::size_t events_per_machine = 64;
  std::size_t max_bytes = 16u << 20;  // all machines together, approximately
  std::size_t max_text = 240;         // step and detail are cut to this
};

// The last events of the machines seen recently, bounded three ways: a
// ring of events per machine, a number of machines and a byte budget; the
// machine seen longest ago goes first. One mutex: a record is a few string
// moves under it, far below the cost of the packet that caused it.
class JourneyStore {
 public:
  explicit JourneyStore(StoreLimits limits);

  void record(const MacAddress& mac, JourneyEvent event, WallClock::time_point at);
  // False when no machine has that address (the event is dropped).
  bool recordByAddress(Ipv4Address address, JourneyEvent event, WallClock::time_point at);
  void learnAddress(const MacAddress& mac, Ipv4Address address);

  // Copies, so pages are rendered without the lock.
  std::vector<MachineJourney> machines() const;  // most recently seen first
  std::optional<MachineJourney> machine(const MacAddress& mac) const;
  std::size_t bytesHeld() const;
  std::uint64_t evictedMachines() const;

 private:
  struct Entry {
    MachineJourney journey;
    std::deque<TimedEvent> ring;
    std::size_t bytes = 0;
    std::list<MacAddress>::iterator recency;  // position in recency_
  };
  Entry& touch(const MacAddress& mac);
  void append(Entry& entry, JourneyEvent event, WallClock::time_point at);
  void evictOverLimits(const MacAddress& keep);
  static std::size_t sizeOf(const JourneyEvent& event);
  static MachineJourney snapshot(const Entry& entry);

  StoreLimits limits_;
  mutable std::mutex mutex_;
  std::unordered_map<MacAddress, Entry> entries_;
  std::list<MacAddress> recency_;  // front: seen last
  std::unordered_map<std::uint32_t, MacAddress> by_address_;
  std::size_t bytes_ = 0;
  std::uint64_t evicted_ = 0;
};

}  // namespace smee::journey
