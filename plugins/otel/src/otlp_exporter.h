#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "exporter_settings.h"
#include "smee/log.h"
#include "smee/metrics.h"
#include "span_buffer.h"

namespace Poco::Net {
class HTTPClientSession;
}

namespace smee::otel {

// The batch exporter's thread: takes batches from the buffer and POSTs them
// as OTLP/HTTP JSON, on one kept-alive connection. A batch the collector
// cannot take is retried (connection errors, 429, 502, 503, 504: OTLP's
// retryable answers) with back-off, then dropped and counted; the log says
// once when exports start failing and once when they work again, so a
// collector that is away does not fill the journal.
class OtlpExporter {
 public:
  OtlpExporter(ExporterSettings settings, SpanBuffer& buffer, Logger log, Metrics& metrics);
  ~OtlpExporter();
  void start();
  // Exports what is queued for at most `grace` (Smee: 5 s), then joins.
  void stop(std::chrono::milliseconds grace) noexcept;

 private:
  enum class Sent { Ok, Retry, Drop };
  void run();
  void exportBatch(const std::vector<FinishedSpan>& batch);
  Sent post(const std::string& body, std::string& problem);
  std::unique_ptr<Poco::Net::HTTPClientSession> connect() const;
  bool pastDeadline() const;

  ExporterSettings settings_;
  SpanBuffer& buffer_;
  Logger log_;
  Counter& exported_;
  Counter& dropped_failed_;
  Counter& dropped_at_shutdown_;
  Counter& ok_requests_;
  Counter& failed_requests_;
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::int64_t> deadline_ns_{0};  // steady clock, set by stop()
  bool failing_ = false;
  std::uint64_t dropped_while_failing_ = 0;
};

}  // namespace smee::otel
