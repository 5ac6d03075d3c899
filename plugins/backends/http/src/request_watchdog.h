#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace Poco::Net {
class HTTPClientSession;
}

namespace smee::backend_http {

// The backstop of the request deadline. Each socket read is bounded by the
// time left, but a server can stall the TLS handshake or dribble its headers
// one read at a time; every `tick` this thread aborts the requests that are
// past their deadline by more than `grace`, so no worker is held much longer
// than `timeout`. stop() aborts every request in flight, so shutting down
// does not wait for a slow API.
class RequestWatchdog {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RequestWatchdog(std::chrono::milliseconds grace = std::chrono::milliseconds(100),
                           std::chrono::milliseconds tick = std::chrono::milliseconds(50));
  ~RequestWatchdog();
  RequestWatchdog(const RequestWatchdog&) = delete;
  RequestWatchdog& operator=(const RequestWatchdog&) = delete;

  void start();
  void stop() noexcept;

  // Watches `session` until remove(); false once stopped (do not send).
  bool add(Poco::Net::HTTPClientSession* session, Clock::time_point deadline);
  // True when the watchdog aborted it for its deadline.
  bool remove(Poco::Net::HTTPClientSession* session);

 private:
  void run();
  static void abort(Poco::Net::HTTPClientSession* session) noexcept;

  struct Watched {
    Clock::time_point deadline;
    bool expired = false;
  };
  const std::chrono::milliseconds grace_;
  const std::chrono::milliseconds tick_;
  std::mutex mutex_;  // also keeps a session alive while it is aborted: remove() waits
  std::condition_variable wake_;
  std::map<Poco::Net::HTTPClientSession*, Watched> active_;
  bool stopped_ = false;
  std::thread thread_;
};

}  // namespace smee::backend_http
