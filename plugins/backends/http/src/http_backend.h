#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "answer_cache.h"
#include "backend_metrics.h"
#include "circuit_breaker.h"
#include "fetch_pool.h"
#include "hardware_client.h"
#include "smee/log.h"
#include "smee/metrics.h"
#include "smee/services/backend.h"
#include "warning_limiter.h"

namespace smee::backend_http {

struct HttpBackendOptions {
  ClientOptions client;
  CachePolicy cache;
  std::size_t workers = 4;
  std::size_t queue_size = 256;
  int breaker_failures = 5;
  std::chrono::milliseconds breaker_cooldown{30000};
};

// The BackendReader over an external hardware API. Lookups answer from the
// cache only, never waiting on the network (the HTTP plugin renders scripts
// on its event loops, DHCP answers from a small pool): a key with nothing
// usable cached answers Unavailable and queues a fetch, and the firmware's
// retry (DHCP retransmits at 4 s, 8 s, ...; iPXE's next attempt) finds the
// answer cached.
class HttpBackend final : public BackendReader {
 public:
  // Throws std::invalid_argument for a bad URL, CA file or token file.
  HttpBackend(HttpBackendOptions options, Logger logger, Metrics& metrics);
  ~HttpBackend() override;

  void start();
  void stop() noexcept;
  void reloadToken() { client_.reloadToken(); }

  LookupResult byMac(const MacAddress& mac) const override;
  LookupResult byIp(Ipv4Address ip) const override;
  // Nothing to load first: lookups answer (from the cache or "retry") as
  // soon as the plugin is configured.
  bool ready() const override { return true; }

  const std::string& url() const { return client_.url(); }
  // For tests: the fetch of `key` as a worker does it.
  void fetchNow(const LookupKey& key) { fetch(key); }

 private:
  LookupResult lookup(const LookupKey& key) const;
  // Queues a fetch of `key` unless the breaker holds requests back; the
  // detail a lookup without an answer gives.
  std::string requestFetch(const LookupKey& key, Clock::time_point now) const;
  void fetch(const LookupKey& key);
  void store(const LookupKey& key, const FetchOutcome& outcome);
  void noteBreaker(const CircuitBreaker::Change& change, const std::string& reason);
  void updateGauges() const;

  const HttpBackendOptions options_;
  Logger log_;
  HardwareClient client_;
  // Mutable: lookups are const in the interface, yet each one may refresh
  // the LRU order and queue a fetch. All three are thread-safe.
  mutable AnswerCache cache_;
  mutable CircuitBreaker breaker_;
  mutable FetchPool pool_;
  mutable BackendMetrics metrics_;
  WarningLimiter warnings_;
  std::atomic<bool> stopping_{false};
};

}  // namespace smee::backend_http
