#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace smee::http {

// Threads for answers that block for minutes (ISO downloads through an
// upstream), so the event loops never wait on them. The router bounds how
// many run at once (iso_max_streams); this pool has that many threads.
class StreamPool {
 public:
  explicit StreamPool(int threads);
  ~StreamPool();
  void start();
  // Runs `job` on a stream thread; `fd` is the socket it writes, shut down
  // by stop() so that a job blocked on a slow client ends at once.
  void submit(int fd, std::function<void()> job);
  void stop() noexcept;

 private:
  void work();
  const int threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::pair<int, std::function<void()>>> queue_;
  std::set<int> active_fds_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace smee::http
