#include "span_buffer.h"

namespace smee::otel {

SpanBuffer::SpanBuffer(std::size_t capacity, std::size_t batch_size)
    : capacity_(capacity), batch_size_(batch_size == 0 ? 1 : batch_size) {}

bool SpanBuffer::push(FinishedSpan span) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (closed_ || spans_.size() >= capacity_) return false;
    spans_.push_back(std::move(span));
    wake = spans_.size() == batch_size_;
  }
  if (wake) wake_.notify_one();
  return true;
}

std::vector<FinishedSpan> SpanBuffer::takeBatch(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, delay, [this] { return closed_ || spans_.size() >= batch_size_; });
  std::vector<FinishedSpan> batch;
  const std::size_t n = std::min(batch_size_, spans_.size());
  batch.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    batch.push_back(std::move(spans_.front()));
    spans_.pop_front();
  }
  return batch;
}

void SpanBuffer::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  wake_.notify_all();
}

bool SpanBuffer::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

std::size_t SpanBuffer::size() const {
  std::lock_guard lock(mutex_);
  return spans_.size();
}

}  // namespace smee::otel
