#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace smee::http {

enum class Admission { Admitted, OverTotal, OverClient };

// The caps on open connections, in total and per client address, shared
// by every event loop. A rack behind one NAT or relay is one address, so
// the per-client cap is an operator's setting, not a fixed number.
class ConnectionLimits {
 public:
  ConnectionLimits(int max_total, int max_per_client)
      : max_total_(max_total), max_per_client_(max_per_client) {}

  // Counts the connection in when it is admitted; release() it once closed.
  Admission admit(std::uint32_t client);
  void release(std::uint32_t client);
  int open() const { return open_.load(std::memory_order_relaxed); }

 private:
  const int max_total_;
  const int max_per_client_;
  std::atomic<int> open_{0};
  std::mutex mutex_;
  std::unordered_map<std::uint32_t, int> per_client_;
};

}  // namespace smee::http
