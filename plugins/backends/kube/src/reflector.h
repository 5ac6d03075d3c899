#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "api_client.h"
#include "hardware_cache.h"
#include "reload_guard.h"
#include "smee/log.h"
#include "smee/metrics.h"

namespace smee::backend_kube {

struct ReflectorOptions {
  std::string namespace_;  // empty: every namespace
  int page_size = 500;
  std::chrono::seconds watch_timeout{300};
  std::chrono::milliseconds backoff_initial{500};
  std::chrono::milliseconds backoff_max{30000};
  std::chrono::milliseconds request_timeout{60000};
  // Judges every list after the first against the cache it would replace.
  backend_file::ReloadGuardPolicy guard;
};

// client-go's reflector for one resource: list (paginated) into the cache,
// then watch from the list's resourceVersion and apply each event; a watch
// that ends is resumed from the last resourceVersion seen, a 410 Gone starts
// over with a list, and any failure waits with jittered exponential back-off.
// A re-list that would drop most of the cache (an empty answer after a
// restore, a wrong cluster) is refused like a failure: the cache stays and
// the list is retried with back-off until it passes the guard.
// One thread; stop() interrupts a blocked read and joins it.
class Reflector {
 public:
  Reflector(ApiClient& client, HardwareCache& cache, ReflectorOptions options, Logger logger,
            Metrics& metrics);
  ~Reflector();

  void start();
  void stop() noexcept;

  // True once the first list has been applied; stays true through re-lists.
  bool synced() const { return synced_.load(std::memory_order_acquire); }
  // Waits until synced or stopped, at most `timeout` (for tests and bench).
  bool waitForSync(std::chrono::milliseconds timeout) const;

  // The collection URL path ("/apis/tinkerbell.org/v1alpha1/hardware").
  std::string collectionPath() const;

 private:
  enum class WatchEnd { Closed, Expired, Failed };
  void run();
  // True when the cache now holds the list; `resource_version` is its RV.
  bool list(std::string& resource_version);
  WatchEnd watch(std::string& resource_version);
  // False when the guard keeps the cache instead of the staged list.
  bool admit(const HardwareStore& staged);
  // Applies one watch line; false ends the watch with `end`.
  bool applyLine(const std::string& line, std::string& resource_version, WatchEnd& end);
  void reportStatus(std::string_view request, int status, const std::string& body);
  // Sleeps the next back-off step; false when stopping.
  bool backOff();
  void resetBackOff() { backoff_ = options_.backoff_initial; }
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }

  ApiClient& client_;
  HardwareCache& cache_;
  const ReflectorOptions options_;
  const Logger logger_;

  Gauge& objects_;
  Gauge& synced_gauge_;
  Counter& events_added_;
  Counter& events_modified_;
  Counter& events_deleted_;
  Counter& events_bookmark_;
  Counter& relists_;
  Counter& errors_list_;
  Counter& errors_watch_;
  Counter& errors_decode_;
  Counter& errors_auth_;
  backend_file::ReloadGuardMetrics guard_metrics_;

  std::atomic<bool> synced_{false};
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  mutable std::condition_variable wake_;
  std::chrono::milliseconds backoff_;
  std::mt19937 random_;
  std::thread thread_;
};

}  // namespace smee::backend_kube
