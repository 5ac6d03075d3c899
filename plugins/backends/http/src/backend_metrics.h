#pragma once

#include <array>

#include "hardware_client.h"
#include "smee/metrics.h"

namespace smee::backend_http {

// The backend's series, made once so the hot path only bumps atomics.
struct BackendMetrics {
  explicit BackendMetrics(Metrics& metrics);

  Counter& request(FetchResult result) { return *requests[static_cast<std::size_t>(result)]; }

  // smee_backend_http_requests_total{result}; bad_body is a 200 whose body
  // cannot answer the lookup (not JSON, wrong types, another machine).
  std::array<Counter*, kFetchResultCount> requests{};
  Counter& bad_body;
  Histogram& request_seconds;
  Counter& fresh_hits;
  Counter& stale_hits;
  Counter& misses;
  Counter& queue_drops;
  Counter& breaker_skipped;
  Counter& breaker_opened;
  Gauge& breaker_open;
  Gauge& cache_entries;
  Gauge& records;  // smee_backend_records{backend="http"}, as the other backends
};

}  // namespace smee::backend_http
