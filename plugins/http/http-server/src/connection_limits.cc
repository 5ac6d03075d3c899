#include "connection_limits.h"

namespace smee::http {

Admission ConnectionLimits::admit(std::uint32_t client) {
  std::lock_guard lock(mutex_);
  if (open_.load(std::memory_order_relaxed) >= max_total_) return Admission::OverTotal;
  int& mine = per_client_[client];
  if (mine >= max_per_client_) return Admission::OverClient;  // max >= 1, so the entry is in use
  ++mine;
  open_.fetch_add(1, std::memory_order_relaxed);
  return Admission::Admitted;
}

void ConnectionLimits::release(std::uint32_t client) {
  std::lock_guard lock(mutex_);
  auto it = per_client_.find(client);
  if (it == per_client_.end()) return;
  if (--it->second <= 0) per_client_.erase(it);
  open_.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace smee::http
