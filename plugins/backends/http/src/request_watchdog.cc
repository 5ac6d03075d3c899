#include "request_watchdog.h"

#include <Poco/Net/HTTPClientSession.h>

namespace smee::backend_http {

RequestWatchdog::RequestWatchdog(std::chrono::milliseconds grace, std::chrono::milliseconds tick)
    : grace_(grace), tick_(tick) {}

RequestWatchdog::~RequestWatchdog() { stop(); }

void RequestWatchdog::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopped_) return;
  thread_ = std::thread([this] { run(); });
}

void RequestWatchdog::stop() noexcept {
  std::thread thread;
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    for (auto& [session, watched] : active_) abort(session);
    thread.swap(thread_);
  }
  wake_.notify_all();
  if (thread.joinable()) thread.join();
}

bool RequestWatchdog::add(Poco::Net::HTTPClientSession* session, Clock::time_point deadline) {
  std::lock_guard lock(mutex_);
  if (stopped_) return false;
  active_[session] = Watched{deadline};
  return true;
}

bool RequestWatchdog::remove(Poco::Net::HTTPClientSession* session) {
  std::lock_guard lock(mutex_);
  const auto it = active_.find(session);
  if (it == active_.end()) return false;
  const bool expired = it->second.expired;
  active_.erase(it);
  return expired;
}

void RequestWatchdog::run() {
  std::unique_lock lock(mutex_);
  while (!stopped_) {
    wake_.wait_for(lock, tick_, [this] { return stopped_; });
    const Clock::time_point now = Clock::now();
    for (auto& [session, watched] : active_) {
      if (watched.expired || now < watched.deadline + grace_) continue;
      watched.expired = true;
      abort(session);
    }
  }
}

void RequestWatchdog::abort(Poco::Net::HTTPClientSession* session) noexcept {
  try {
    session->abort();  // shuts the socket down: the blocked read returns at once
  } catch (...) {
    // Already closed: nothing to interrupt.
  }
}

}  // namespace smee::backend_http
