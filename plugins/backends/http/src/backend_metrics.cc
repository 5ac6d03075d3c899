#include "backend_metrics.h"

namespace smee::backend_http {

namespace {

constexpr const char* kRequestsHelp =
    "Requests to the hardware API by result (found, not_found, bad_body, timeout, ...).";
constexpr const char* kHitsHelp = "Lookups answered from the cache, fresh or stale.";

}  // namespace

BackendMetrics::BackendMetrics(Metrics& metrics)
    : bad_body(metrics.counter("smee_backend_http_requests_total", kRequestsHelp,
                               {{"result", "bad_body"}})),
      request_seconds(metrics.histogram("smee_backend_http_request_seconds",
                                        "Duration of requests to the hardware API.",
                                        {0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10})),
      fresh_hits(metrics.counter("smee_backend_http_cache_hits_total", kHitsHelp,
                                 {{"freshness", "fresh"}})),
      stale_hits(metrics.counter("smee_backend_http_cache_hits_total", kHitsHelp,
                                 {{"freshness", "stale"}})),
      misses(metrics.counter("smee_backend_http_cache_misses_total",
                             "Lookups with no usable cached answer (answered unavailable).")),
      queue_drops(metrics.counter("smee_backend_http_queue_drops_total",
                                  "Fetches not queued because the fetch queue was full.")),
      breaker_skipped(metrics.counter("smee_backend_http_breaker_skipped_total",
                                      "Fetches not made because the circuit breaker was open.")),
      breaker_opened(metrics.counter("smee_backend_http_breaker_opened_total",
                                     "Times the circuit breaker opened.")),
      breaker_open(metrics.gauge("smee_backend_http_breaker_open",
                                 "1 while the circuit breaker keeps requests from the hardware "
                                 "API (open or probing), else 0.")),
      cache_entries(
          metrics.gauge("smee_backend_http_cache_entries", "Answers cached, found and not found.")),
      records(metrics.gauge("smee_backend_records", "Usable hardware records served now.",
                            {{"backend", "http"}})) {
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const auto result = static_cast<FetchResult>(i);
    requests[i] = &metrics.counter("smee_backend_http_requests_total", kRequestsHelp,
                                   {{"result", std::string(fetchResultName(result))}});
  }
}

}  // namespace smee::backend_http
