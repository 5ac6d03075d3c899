#include "journey_store.h"

#include <utility>

namespace smee::journey {
namespace {

// A fixed cost per event and machine beside their strings, so the byte
// budget holds for machines whose events carry little text.
constexpr std::size_t kEventOverhead = sizeof(TimedEvent) + 16;
constexpr std::size_t kMachineOverhead = 256;

void cut(std::string& text, std::size_t max) {
  if (text.size() <= max) return;
  // Never leave half a UTF-8 sequence at the end.
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  text += "...";
}

}  // namespace

JourneyStore::JourneyStore(StoreLimits limits) : limits_(limits) {
  if (limits_.max_machines == 0) limits_.max_machines = 1;
  if (limits_.events_per_machine == 0) limits_.events_per_machine = 1;
}

std::size_t JourneyStore::sizeOf(const JourneyEvent& event) {
  return kEventOverhead + event.step.capacity() + event.detail.capacity();
}

void JourneyStore::record(const MacAddress& mac, JourneyEvent event, WallClock::time_point at) {
  cut(event.step, limits_.max_text);
  cut(event.detail, limits_.max_text);
  std::lock_guard lock(mutex_);
  append(touch(mac), std::move(event), at);
  evictOverLimits(mac);
}

bool JourneyStore::recordByAddress(Ipv4Address address, JourneyEvent event,
                                   WallClock::time_point at) {
  cut(event.step, limits_.max_text);
  cut(event.detail, limits_.max_text);
  std::lock_guard lock(mutex_);
  auto found = by_address_.find(address.value());
  if (found == by_address_.end()) return false;
  const MacAddress mac = found->second;
  append(touch(mac), std::move(event), at);
  evictOverLimits(mac);
  return true;
}

void JourneyStore::learnAddress(const MacAddress& mac, Ipv4Address address) {
  std::lock_guard lock(mutex_);
  Entry& entry = touch(mac);
  if (entry.journey.address && *entry.journey.address != address) {
    auto old = by_address_.find(entry.journey.address->value());
    if (old != by_address_.end() && old->second == mac) by_address_.erase(old);
  }
  entry.journey.address = address;
  by_address_[address.value()] = mac;
  evictOverLimits(mac);
}

JourneyStore::Entry& JourneyStore::touch(const MacAddress& mac) {
  auto [it, inserted] = entries_.try_emplace(mac);
  Entry& entry = it->second;
  if (inserted) {
    entry.journey.mac = mac;
    recency_.push_front(mac);
    entry.bytes = kMachineOverhead;
    bytes_ += entry.bytes;
  } else {
    recency_.splice(recency_.begin(), recency_, entry.recency);
  }
  entry.recency = recency_.begin();
  return entry;
}

void JourneyStore::append(Entry& entry, JourneyEvent event, WallClock::time_point at) {
  const std::size_t size = sizeOf(event);
  entry.ring.push_back({at, std::move(event)});
  entry.bytes += size;
  bytes_ += size;
  ++entry.journey.recorded;
  while (entry.ring.size() > limits_.events_per_machine) {
    const std::size_t gone = sizeOf(entry.ring.front().event);
    entry.ring.pop_front();
    entry.bytes -= gone;
    bytes_ -= gone;
  }
}

void JourneyStore::evictOverLimits(const MacAddress& keep) {
  while ((entries_.size() > limits_.max_machines || bytes_ > limits_.max_bytes) &&
         !recency_.empty()) {
    const MacAddress oldest = recency_.back();
    if (oldest == keep) break;  // the machine being written stays, whatever it weighs
    auto it = entries_.find(oldest);
    if (it->second.journey.address) {
      auto address = by_address_.find(it->second.journey.address->value());
      if (address != by_address_.end() && address->second == oldest) by_address_.erase(address);
    }
    bytes_ -= it->second.bytes;
    recency_.pop_back();
    entries_.erase(it);
    ++evicted_;
  }
}

MachineJourney JourneyStore::snapshot(const Entry& entry) {
  MachineJourney copy = entry.journey;
  copy.events.assign(entry.ring.begin(), entry.ring.end());
  return copy;
}

std::vector<MachineJourney> JourneyStore::machines() const {
  std::lock_guard lock(mutex_);
  std::vector<MachineJourney> out;
  out.reserve(entries_.size());
  for (const MacAddress& mac : recency_) out.push_back(snapshot(entries_.at(mac)));
  return out;
}

std::optional<MachineJourney> JourneyStore::machine(const MacAddress& mac) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(mac);
  if (it == entries_.end()) return std::nullopt;
  return snapshot(it->second);
}

std::size_t JourneyStore::bytesHeld() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

std::uint64_t JourneyStore::evictedMachines() const {
  std::lock_guard lock(mutex_);
  return evicted_;
}

}  // namespace smee::journey
