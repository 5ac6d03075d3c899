#include "http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "smee/errors.h"

namespace smee::http {
namespace {

int listenOn(Ipv4Address address, std::uint16_t port, std::uint16_t& bound) {
  const std::string where = address.toString() + ":" + std::to_string(port);
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) throw Error("cannot listen on " + where + ": " + std::strerror(errno));
  // SO_REUSEADDR only: a restart may bind over TIME_WAIT connections, but
  // a second server on the same address fails instead of sharing it.
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr.s_addr = htonl(address.value());
  if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || ::listen(fd, 4096) != 0) {
    const int error = errno;
    ::close(fd);
    throw Error("cannot listen on " + where + ": " + std::strerror(error));
  }
  socklen_t length = sizeof sa;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &length);
  bound = ntohs(sa.sin_port);
  return fd;
}

}  // namespace

std::uint64_t raiseDescriptorLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur;
}

HttpServer::HttpServer(ServerSettings settings, std::shared_ptr<RequestHandler> handler,
                       Metrics& metrics, Logger log)
    : settings_(std::move(settings)),
      handler_(std::move(handler)),
      log_(std::move(log)),
      counters_(metrics, log_),
      limits_(settings_.max_connections, settings_.max_connections_per_client),
      streams_(settings_.stream_threads) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  if (settings_.tlsEnabled()) {
    // The certificate before any socket: a bad file is the start-up error.
    tls_ = std::make_unique<TlsContext>(settings_.tls_cert_file, settings_.tls_key_file);
    tls_->load();
  }
  listen_fd_ = listenOn(settings_.address, settings_.port, bound_port_);
  try {
    if (tls_) tls_listen_fd_ = listenOn(settings_.address, settings_.tls_port, bound_tls_port_);
    LoopShared shared{settings_,  *handler_, limits_,      counters_,      streams_,  loops_,
                      next_loop_, log_,      image_files_, tls_listen_fd_, tls_.get()};
    for (int i = 0; i < settings_.loops; ++i)
      loops_.push_back(std::make_unique<EventLoop>(listen_fd_, shared));
    streams_.start();
    for (auto& loop : loops_) loop->start();
  } catch (...) {
    stop();
    throw;
  }
}

void HttpServer::stop() noexcept {
  if (listen_fd_ < 0) return;
  // Streams first: their sockets are shut down, so each job ends and hands
  // its connection back to a loop that is still running.
  streams_.stop();
  for (auto& loop : loops_) loop->requestStop();
  for (auto& loop : loops_) loop->join();
  for (auto& loop : loops_) loop->closeAll();
  loops_.clear();
  ::close(listen_fd_);
  listen_fd_ = -1;
  if (tls_listen_fd_ >= 0) ::close(tls_listen_fd_);
  tls_listen_fd_ = -1;
}

void HttpServer::reloadCertificate() {
  if (tls_) tls_->load();
}

}  // namespace smee::http
