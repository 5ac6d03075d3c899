#include "fetch_pool.h"

namespace smee::backend_http {

FetchPool::FetchPool(std::size_t workers, std::size_t queue_size, Work work)
    : worker_count_(workers == 0 ? 1 : workers),
      queue_size_(queue_size == 0 ? 1 : queue_size),
      work_(std::move(work)) {}

FetchPool::~FetchPool() { stop(); }

FetchPool::Outcome FetchPool::enqueue(const LookupKey& key) {
  {
    std::lock_guard lock(mutex_);
    if (pending_.contains(key.query)) return Outcome::AlreadyPending;
    if (stopping_ || queue_.size() >= queue_size_) return Outcome::Dropped;
    pending_.insert(key.query);
    queue_.push_back(key);
  }
  wake_.notify_one();
  return Outcome::Queued;
}

void FetchPool::start() {
  std::lock_guard lock(mutex_);
  if (!workers_.empty() || stopping_) return;
  for (std::size_t i = 0; i < worker_count_; ++i) workers_.emplace_back([this] { run(); });
}

void FetchPool::stop() noexcept {
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();
    workers.swap(workers_);
  }
  wake_.notify_all();
  for (std::thread& worker : workers) worker.join();
}

std::size_t FetchPool::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void FetchPool::run() {
  for (;;) {
    LookupKey key;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      key = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      work_(key);
    } catch (...) {
      // The work reports its own failures; a thread must not die of one.
    }
    std::lock_guard lock(mutex_);
    pending_.erase(key.query);
  }
}

}  // namespace smee::backend_http
