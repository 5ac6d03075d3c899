#pragma once

#include "rate_limited_log.h"
#include "smee/metrics.h"

namespace smee::http {

// The connection-level series, resolved once so that the loops never
// look a counter up by name.
struct ServerCounters {
  explicit ServerCounters(Metrics& metrics, const Logger& log)
      : accepted(
            metrics.counter("smee_http_connections_accepted_total", "HTTP connections accepted.")),
        open(metrics.gauge("smee_http_connections_open", "HTTP connections open now.")),
        refused_total(refused(metrics, "max_connections")),
        refused_client(refused(metrics, "max_per_client")),
        refused_fds(refused(metrics, "fd_limit")),
        header_timeout(closed(metrics, "header_timeout")),
        idle_timeout(closed(metrics, "idle_timeout")),
        send_timeout(closed(metrics, "send_timeout")),
        header_too_large(closed(metrics, "header_too_large")),
        bad_request(closed(metrics, "bad_request")),
        body_too_large(closed(metrics, "body_too_large")),
        tls_handshake_failed(metrics.counter("smee_http_tls_handshakes_failed_total",
                                             "HTTPS connections closed because the TLS handshake "
                                             "failed (the log names the reason).")),
        refusals(log, "HTTP connection refused"),
        cut_off(log, "HTTP connection closed by a limit"),
        tls_failures(log, "TLS handshake failed") {}

  Counter& accepted;
  Gauge& open;
  Counter& refused_total;   // max_connections reached
  Counter& refused_client;  // max_connections_per_client reached
  Counter& refused_fds;     // out of file descriptors
  Counter& header_timeout;
  Counter& idle_timeout;
  Counter& send_timeout;
  Counter& header_too_large;
  Counter& bad_request;
  Counter& body_too_large;
  Counter& tls_handshake_failed;
  RateLimitedWarning refusals;
  RateLimitedWarning cut_off;
  RateLimitedWarning tls_failures;  // by OpenSSL's reason

 private:
  static Counter& refused(Metrics& m, const char* reason) {
    return m.counter("smee_http_connections_refused_total",
                     "HTTP connections refused at accept, by reason.", {{"reason", reason}});
  }
  static Counter& closed(Metrics& m, const char* reason) {
    return m.counter("smee_http_connections_closed_total",
                     "HTTP connections closed by a limit or a bad request, by reason.",
                     {{"reason", reason}});
  }
};

}  // namespace smee::http
