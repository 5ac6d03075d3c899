#pragma once

#include <atomic>
#include <chrono>
#include <functional>

#include "journey_store.h"
#include "smee/metrics.h"
#include "smee/services/boot_journey.h"

namespace smee::journey {

// The BootJourney the other plugins find: records into the store and
// answers the /journey pages from it.
class JourneyService final : public BootJourney {
 public:
  using Clock = std::function<WallClock::time_point()>;
  JourneyService(StoreLimits limits, std::chrono::milliseconds stuck_after, Counter& events,
                 Counter& unmatched, Clock clock = WallClock::now);

  void record(const MacAddress& mac, JourneyEvent event) override;
  void recordByAddress(Ipv4Address address, JourneyEvent event) override;
  void learnAddress(const MacAddress& mac, Ipv4Address address) override;
  std::optional<JourneyPage> page(std::string_view path) const override;

 private:
  JourneyStore store_;
  std::chrono::milliseconds stuck_after_;
  Counter& events_;
  Counter& unmatched_;
  std::atomic<std::uint64_t> unmatched_count_{0};
  Clock clock_;
};

}  // namespace smee::journey
