#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "lookup_key.h"

namespace smee::backend_http {

// A few threads that ask the hardware API on behalf of lookups, which must
// not wait for it. A key already waiting or being fetched is not queued again
// (a DHCP client retrying, or DHCP and HTTP asking for the same machine, costs
// one request); the queue is bounded, and a key that finds it full is dropped
// (the caller counts it; the next lookup of that key tries again).
class FetchPool {
 public:
  using Work = std::function<void(const LookupKey&)>;
  FetchPool(std::size_t workers, std::size_t queue_size, Work work);
  ~FetchPool();
  FetchPool(const FetchPool&) = delete;
  FetchPool& operator=(const FetchPool&) = delete;

  enum class Outcome { Queued, AlreadyPending, Dropped };
  Outcome enqueue(const LookupKey& key);

  void start();
  // Forgets what is queued and joins the workers once their current fetch
  // returns. Safe to call more than once.
  void stop() noexcept;

  std::size_t queued() const;

 private:
  void run();

  const std::size_t worker_count_;
  const std::size_t queue_size_;
  const Work work_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<LookupKey> queue_;
  std::unordered_set<std::string> pending_;  // queued or in flight, by query
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace smee::backend_http
