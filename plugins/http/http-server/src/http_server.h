#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "connection_limits.h"
#include "event_loop.h"
#include "image_files.h"
#include "request_handler.h"
#include "server_counters.h"
#include "server_settings.h"
#include "stream_pool.h"
#include "tls_context.h"

namespace smee::http {

// The HTTP/1.1 server: one listening socket (two with HTTPS), `loops` epoll
// threads that share them, and the stream threads for /iso/. stop() closes
// the listeners, ends the streams (their sockets are shut down) and every
// connection.
class HttpServer {
 public:
  HttpServer(ServerSettings settings, std::shared_ptr<RequestHandler> handler, Metrics& metrics,
             Logger log);
  ~HttpServer();
  void start();  // throws smee::Error
  void stop() noexcept;
  // SIGHUP: the certificate and key are read again; throws smee::Error
  // (the last good pair stays) when they do not load.
  void reloadCertificate();
  std::uint16_t port() const { return bound_port_; }
  std::uint16_t tlsPort() const { return bound_tls_port_; }
  std::string certificateSummary() { return tls_ ? tls_->describe() : std::string(); }

 private:
  ServerSettings settings_;
  std::shared_ptr<RequestHandler> handler_;
  Logger log_;
  ServerCounters counters_;
  ConnectionLimits limits_;
  StreamPool streams_;
  ImageFiles image_files_;
  std::vector<std::unique_ptr<EventLoop>> loops_;
  std::atomic<unsigned> next_loop_{0};
  std::unique_ptr<TlsContext> tls_;
  int listen_fd_ = -1;
  int tls_listen_fd_ = -1;
  std::uint16_t bound_port_ = 0;
  std::uint16_t bound_tls_port_ = 0;
};

// The descriptors the server may hold: the soft RLIMIT_NOFILE raised to
// the hard one, so that max_connections is not cut at 1024 unnoticed.
std::uint64_t raiseDescriptorLimit();

}  // namespace smee::http
