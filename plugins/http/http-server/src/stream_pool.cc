#include "stream_pool.h"

#include <signal.h>
#include <sys/socket.h>

namespace smee::http {

StreamPool::StreamPool(int threads) : threads_(threads) {}

StreamPool::~StreamPool() { stop(); }

void StreamPool::start() {
  for (int i = 0; i < threads_; ++i) workers_.emplace_back([this] { work(); });
}

void StreamPool::submit(int fd, std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    queue_.emplace_back(fd, std::move(job));
  }
  wake_.notify_one();
}

void StreamPool::work() {
  sigset_t pipe;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, nullptr);  // a closed client is EPIPE, never a signal
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty())
      return;  // stopping, and nothing left: queued jobs still run, to hand their sockets back
    auto [fd, job] = std::move(queue_.front());
    queue_.pop_front();
    if (stopping_) ::shutdown(fd, SHUT_RDWR);
    active_fds_.insert(fd);
    lock.unlock();
    job();
    lock.lock();
    active_fds_.erase(fd);
  }
}

void StreamPool::stop() noexcept {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
    for (int fd : active_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  wake_.notify_all();
  for (auto& t : workers_) {
    if (t.joinable()) t.join();
  }
  workers_.clear();
}

}  // namespace smee::http
