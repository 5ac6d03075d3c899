#include "labelled_counters.h"

namespace smee::dhcp {

LabelledCounters::LabelledCounters(Metrics& metrics, std::string name, std::string help,
                                   std::string label,
                                   std::span<const std::string_view> known_values)
    : metrics_(metrics),
      name_(std::move(name)),
      help_(std::move(help)),
      label_(std::move(label)),
      known_(std::make_unique<Slot[]>(known_values.size())),
      known_count_(known_values.size()) {
  for (std::size_t i = 0; i < known_count_; ++i) known_[i].value = known_values[i];
}

Counter& LabelledCounters::operator[](std::string_view value) {
  for (std::size_t i = 0; i < known_count_; ++i) {
    Slot& slot = known_[i];
    if (slot.value != value) continue;
    if (Counter* counter = slot.counter.load(std::memory_order_acquire)) return *counter;
    // First use: two threads may both get here; the registry hands both the
    // same series, so storing it twice is harmless.
    Counter& counter = make(value);
    slot.counter.store(&counter, std::memory_order_release);
    return counter;
  }
  std::lock_guard lock(mutex_);
  auto it = others_.find(value);
  if (it == others_.end()) it = others_.emplace(std::string(value), &make(value)).first;
  return *it->second;
}

Counter& LabelledCounters::make(std::string_view value) {
  return metrics_.counter(name_, help_, {{label_, std::string(value)}});
}

}  // namespace smee::dhcp
