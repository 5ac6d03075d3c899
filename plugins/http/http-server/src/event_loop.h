#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "connection.h"
#include "connection_limits.h"
#include "image_files.h"
#include "request_handler.h"
#include "server_counters.h"
#include "server_settings.h"
#include "stream_pool.h"
#include "tls_context.h"

namespace smee::http {

class EventLoop;

// What the loops of one server share.
struct LoopShared {
  const ServerSettings& settings;
  RequestHandler& handler;
  ConnectionLimits& limits;
  ServerCounters& counters;
  StreamPool& streams;
  std::vector<std::unique_ptr<EventLoop>>& loops;  // for handing accepted sockets round
  std::atomic<unsigned>& next_loop;
  const Logger& log;
  ImageFiles& image_files;
  int tls_listen_fd = -1;     // the HTTPS listener, when there is one
  TlsContext* tls = nullptr;  // its certificate
};

// One epoll thread serving many connections: accepts (the listening sockets,
// HTTP and HTTPS, are in every loop's epoll set, EPOLLEXCLUSIVE), hands accepted sockets
// round-robin to the loops, reads request heads, asks the handler and
// writes its answer without blocking, and closes connections whose
// deadline passed (head, keep-alive, send). A connection costs its buffers
// and no thread, so a slow client holds no more than its socket.
class EventLoop {
 public:
  EventLoop(int listen_fd, LoopShared shared);
  ~EventLoop();
  void start();  // throws smee::Error when epoll cannot be set up
  // Stopping in three steps, so that a server stops every loop before it
  // closes what they hold (a loop may hand a socket to another until it
  // has stopped).
  void requestStop() noexcept;
  void join() noexcept;
  void closeAll() noexcept;
  void stop() noexcept;  // all three

  // From other threads: serve an accepted socket / a stream thread is done.
  void adopt(int fd, Ipv4Address peer, bool tls);
  void streamEnded(Connection* connection, bool reusable);

 private:
  struct Posted {
    enum class Kind { Adopt, StreamEnded } kind;
    int fd = -1;
    Ipv4Address peer;
    Connection* connection = nullptr;
    bool reusable = false;
    bool tls = false;
  };

  void run();
  void post(Posted item);
  void drainPosted();
  void acceptAll(int listen_fd, bool tls);
  void refuse(int fd, Ipv4Address peer, Admission why, bool tls);
  void serve(int fd, Ipv4Address peer, bool tls);  // the connection is admitted
  void onEvents(Connection& c, std::uint32_t events);
  void readFrom(Connection& c);
  void readTls(Connection& c);
  // A TLS connection ending before its handshake did, after the client sent
  // something: counted and logged (a silent TCP probe is neither).
  void countFailedHandshake(const Connection& c, const std::string& reason);
  void noteBytesArriving(Connection& c);
  void process(Connection& c);
  bool handleHead(Connection& c);  // false: the connection is gone or waits
  void startReply(Connection& c, Reply& reply, std::string_view target, bool head_request,
                  bool keep_alive, bool http10_keep_alive);
  void startStream(Connection& c, StreamJob job, bool head_request, bool keep_alive,
                   bool http10_keep_alive);
  enum class Flush { Done, Blocked, Failed };
  Flush flush(Connection& c);
  Flush flushTls(Connection& c);
  void blocked(Connection& c);  // waits for the socket, or TLS, to take more
  void afterFlush(Connection& c);
  // A canned answer, the counter and the rate-limited warning, then close.
  void reject(Connection& c, int status, std::string_view why, Counter& counter,
              std::string_view reason);
  void setInterest(Connection& c, std::uint32_t events);
  void setIdle(Connection& c);
  void close(Connection& c);
  void sweep(Clock::time_point now);

  const int listen_fd_;
  LoopShared shared_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  int spare_fd_ = -1;  // closed to accept-and-refuse when out of descriptors
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  std::unordered_map<Connection*, std::unique_ptr<Connection>> connections_;
  std::vector<Connection*> ready_;  // connections with pipelined requests left
  std::string read_buffer_;
  std::mutex posted_mutex_;
  std::vector<Posted> posted_;
};

}  // namespace smee::http
