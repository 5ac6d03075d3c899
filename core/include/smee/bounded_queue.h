#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <mutex>
#include <optional>
#include <utility>

namespace smee {

// The hand-off between a receive thread and its workers: bounded in items
// and in bytes, so a flood costs counted drops instead of memory. push()
// never waits (a receive thread that blocked would lose datagrams in the
// kernel instead, uncounted); pop() waits for an item or close(), and after
// close() still hands out what was queued, so nothing accepted is lost.
template <typename Item>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t max_items,
                        std::size_t max_bytes = std::numeric_limits<std::size_t>::max())
      : max_items_(max_items), max_bytes_(max_bytes) {}

  // False when full (or closed): the caller counts the drop.
  bool push(Item item, std::size_t bytes = 0) {
    {
      std::lock_guard lock(mutex_);
      if (closed_ || items_.size() >= max_items_ || bytes > max_bytes_ - bytes_) return false;
      items_.push_back({std::move(item), bytes});
      bytes_ += bytes;
    }
    ready_.notify_one();
    return true;
  }

  // The oldest item; nullopt once closed and empty.
  std::optional<Item> pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [this] { return closed_ || !items_.empty(); });
    if (items_.empty()) return std::nullopt;
    Entry entry = std::move(items_.front());
    items_.pop_front();
    bytes_ -= entry.bytes;
    return std::move(entry.item);
  }

  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
  }

  // Open again after close(), for a server that is started again.
  void reopen() {
    std::lock_guard lock(mutex_);
    closed_ = false;
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return items_.size();
  }

 private:
  struct Entry {
    Item item;
    std::size_t bytes;
  };
  const std::size_t max_items_;
  const std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Entry> items_;
  std::size_t bytes_ = 0;
  bool closed_ = false;
};

}  // namespace smee
