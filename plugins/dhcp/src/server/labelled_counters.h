#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

#include "smee/metrics.h"

namespace smee::dhcp {

// One counter family with one label (drops by reason, decisions by
// outcome), looked up per packet without a lock: each value the plugin
// knows has a slot that holds its series once it has been counted. A series
// is made on first use, not at start, so /metrics shows the same series as
// before; values nobody listed (a third-party mode's outcomes) fall back to
// a map under a mutex.
class LabelledCounters {
 public:
  LabelledCounters(Metrics& metrics, std::string name, std::string help, std::string label,
                   std::span<const std::string_view> known_values);
  Counter& operator[](std::string_view value);

 private:
  struct Slot {
    std::string_view value;
    std::atomic<Counter*> counter{nullptr};
  };
  Counter& make(std::string_view value);

  Metrics& metrics_;
  std::string name_, help_, label_;
  std::unique_ptr<Slot[]> known_;
  std::size_t known_count_ = 0;
  std::mutex mutex_;
  std::map<std::string, Counter*, std::less<>> others_;
};

}  // namespace smee::dhcp
