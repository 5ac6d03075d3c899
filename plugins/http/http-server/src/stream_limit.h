#pragma once

#include <atomic>

namespace smee::http {

// A counter of long-running streams with a ceiling: tryAcquire() gives a
// slot that frees itself, or an empty one when the ceiling is reached.
class StreamLimit {
 public:
  class Slot {
   public:
    Slot() = default;
    explicit Slot(std::atomic<int>* count) : count_(count) {}
    Slot(Slot&& other) noexcept : count_(other.count_) { other.count_ = nullptr; }
    Slot& operator=(Slot&&) = delete;
    Slot(const Slot&) = delete;
    ~Slot() { release(); }
    void release() {
      if (count_) count_->fetch_sub(1, std::memory_order_acq_rel);
      count_ = nullptr;
    }
    explicit operator bool() const { return count_ != nullptr; }

   private:
    std::atomic<int>* count_ = nullptr;
  };

  explicit StreamLimit(int limit) : limit_(limit) {}

  Slot tryAcquire() {
    int now = count_.load(std::memory_order_relaxed);
    while (now < limit_) {
      if (count_.compare_exchange_weak(now, now + 1, std::memory_order_acq_rel))
        return Slot(&count_);
    }
    return Slot();
  }
  int inUse() const { return count_.load(std::memory_order_relaxed); }

 private:
  const int limit_;
  std::atomic<int> count_{0};
};

}  // namespace smee::http
