#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "finished_span.h"

namespace smee::otel {

// The bounded hand-off between threads that end spans and the exporter:
// a full buffer drops the new span and says so (the caller counts it), so
// tracing never holds up a DHCP answer or grows without bound while the
// collector is away. This is OpenTelemetry's batch span processor queue.
class SpanBuffer {
 public:
  SpanBuffer(std::size_t capacity, std::size_t batch_size);

  // False when the buffer is full (the span is dropped) or closed.
  bool push(FinishedSpan span);

  // Waits until `batch_size` spans are queued, `delay` has passed, or the
  // buffer is closed, then takes at most `batch_size` spans (possibly none).
  std::vector<FinishedSpan> takeBatch(std::chrono::milliseconds delay);

  // Wakes takeBatch for good; spans still queued stay takeable.
  void close();
  bool closed() const;
  std::size_t size() const;

 private:
  const std::size_t capacity_, batch_size_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<FinishedSpan> spans_;
  bool closed_ = false;
};

}  // namespace smee::otel
