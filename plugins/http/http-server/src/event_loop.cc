#include "event_loop.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "iso_response.h"
#include "smee/errors.h"
#include "socket_writer.h"
#include "tls_io.h"

namespace smee::http {
namespace {

constexpr std::size_t kReadChunk = std::size_t{64} * 1024;
// A body this small is copied behind its head: one send() for both.
constexpr std::size_t kInlineBody = std::size_t{16} * 1024;
// Requests answered per connection before the loop turns to the others.
constexpr int kPipelinedPerTurn = 32;
// A binary body this large leaves through sendfile() from its image file
// once the loop holds more than kSendfileConnections connections. Measured
// (bench/RESULTS.md, 1 MiB): with 50 clients copying from the image was
// 1.6x nginx and sendfile 1.05x; with 1,000, copying fell to 0.83x (every
// socket buffer holds its own copy of the bytes) while sendfile, which
// lends the file's pages to TCP, held 1.4x.
constexpr std::size_t kSendfileBody = std::size_t{64} * 1024;
constexpr std::size_t kSendfileConnections = 256;
constexpr int kAcceptsPerWakeup = 64;
constexpr auto kSweepInterval = std::chrono::milliseconds(200);

// Markers in epoll's data for the two descriptors that are not connections.
Connection* const kListenTag = reinterpret_cast<Connection*>(1);
Connection* const kWakeTag = reinterpret_cast<Connection*>(2);
Connection* const kTlsListenTag = reinterpret_cast<Connection*>(3);

void blockSigpipe() {
  sigset_t pipe;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
}

// A canned answer for a connection the loop gives up on; written once,
// best effort, on a socket that may already be full.
void writeFinal(int fd, int status, std::string_view body) {
  std::string text =
      serializeHead(status, {{"Content-Type", "text/plain"}},
                    static_cast<std::int64_t>(body.size()), false, false, httpDateNow());
  if (status == 503) text.insert(text.size() - 2, "Retry-After: 1\r\n");
  text += body;
  (void)::send(fd, text.data(), text.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

// The same over TLS, once the handshake is done (before it, the client
// could not read an answer anyway).
void writeFinal(const Connection& c, int status, std::string_view body) {
  if (c.tls == nullptr) {
    writeFinal(c.fd, status, body);
    return;
  }
  if (!tlsHandshakeDone(c.tls)) return;
  std::string text =
      serializeHead(status, {{"Content-Type", "text/plain"}},
                    static_cast<std::int64_t>(body.size()), false, false, httpDateNow());
  text += body;
  (void)tlsWrite(c.tls, text.data(), text.size());
}

}  // namespace

EventLoop::EventLoop(int listen_fd, LoopShared shared) : listen_fd_(listen_fd), shared_(shared) {
  read_buffer_.resize(kReadChunk);
}

EventLoop::~EventLoop() {
  stop();
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
  if (spare_fd_ >= 0) ::close(spare_fd_);
}

void EventLoop::start() {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  spare_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0)
    throw Error(std::string("HTTP event loop: ") + std::strerror(errno));
  epoll_event listen_event{};
  listen_event.events = EPOLLIN | EPOLLEXCLUSIVE;
  listen_event.data.ptr = kListenTag;
  epoll_event wake_event{};
  wake_event.events = EPOLLIN;
  wake_event.data.ptr = kWakeTag;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &listen_event) != 0 ||
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake_event) != 0) {
    throw Error(std::string("HTTP event loop: epoll_ctl: ") + std::strerror(errno));
  }
  if (shared_.tls_listen_fd >= 0) {
    epoll_event tls_event{};
    tls_event.events = EPOLLIN | EPOLLEXCLUSIVE;
    tls_event.data.ptr = kTlsListenTag;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, shared_.tls_listen_fd, &tls_event) != 0)
      throw Error(std::string("HTTP event loop: epoll_ctl: ") + std::strerror(errno));
  }
  thread_ = std::thread([this] { run(); });
}

void EventLoop::requestStop() noexcept {
  stopping_ = true;
  std::uint64_t one = 1;
  if (wake_fd_ >= 0) (void)!::write(wake_fd_, &one, sizeof one);
}

void EventLoop::join() noexcept {
  if (thread_.joinable()) thread_.join();
}

void EventLoop::closeAll() noexcept {
  while (!connections_.empty()) close(*connections_.begin()->second);
  std::lock_guard lock(posted_mutex_);
  for (const Posted& item : posted_) {
    if (item.kind == Posted::Kind::Adopt) {  // accepted by another loop, never served
      ::close(item.fd);
      shared_.limits.release(item.peer.value());
      shared_.counters.open.add(-1);
    }
  }
  posted_.clear();
}

void EventLoop::stop() noexcept {
  requestStop();
  join();
  closeAll();
}

void EventLoop::post(Posted item) {
  {
    std::lock_guard lock(posted_mutex_);
    posted_.push_back(item);
  }
  std::uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
}

void EventLoop::adopt(int fd, Ipv4Address peer, bool tls) {
  post({Posted::Kind::Adopt, fd, peer, nullptr, false, tls});
}

void EventLoop::streamEnded(Connection* connection, bool reusable) {
  post({Posted::Kind::StreamEnded, -1, {}, connection, reusable});
}

void EventLoop::run() {
  blockSigpipe();
  std::vector<epoll_event> events(256);
  auto next_sweep = Clock::now() + kSweepInterval;
  while (!stopping_) {
    const int timeout = ready_.empty() ? static_cast<int>(kSweepInterval.count()) : 0;
    const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), timeout);
    for (int i = 0; i < n && !stopping_; ++i) {
      Connection* tag = static_cast<Connection*>(events[i].data.ptr);
      if (tag == kListenTag) {
        acceptAll(listen_fd_, false);
      } else if (tag == kTlsListenTag) {
        acceptAll(shared_.tls_listen_fd, true);
      } else if (tag == kWakeTag) {
        std::uint64_t count = 0;
        (void)!::read(wake_fd_, &count, sizeof count);
        drainPosted();
      } else {
        onEvents(*tag, events[i].events);
      }
    }
    // Connections that still had pipelined requests after their turn.
    std::vector<Connection*> ready;
    ready.swap(ready_);
    for (Connection* c : ready) {
      c->in_ready_list = false;
      if (connections_.count(c) && c->state == Connection::State::Reading) process(*c);
    }
    const auto now = Clock::now();
    if (now >= next_sweep) {
      sweep(now);
      next_sweep = now + kSweepInterval;
    }
  }
}

void EventLoop::drainPosted() {
  std::vector<Posted> items;
  {
    std::lock_guard lock(posted_mutex_);
    items.swap(posted_);
  }
  for (const Posted& item : items) {
    if (item.kind == Posted::Kind::Adopt) {
      serve(item.fd, item.peer, item.tls);
      continue;
    }
    Connection& c = *item.connection;
    if (!item.reusable) {
      close(c);
      continue;
    }
    c.state = Connection::State::Reading;
    c.interest = 0;
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.ptr = &c;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, c.fd, &event) != 0) {
      close(c);
      continue;
    }
    c.interest = EPOLLIN;
    setIdle(c);
    process(c);
  }
}

void EventLoop::acceptAll(int listen_fd, bool tls) {
  for (int i = 0; i < kAcceptsPerWakeup; ++i) {
    sockaddr_in address{};
    socklen_t length = sizeof address;
    int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&address), &length,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if ((errno == EMFILE || errno == ENFILE) && spare_fd_ >= 0) {
        // Out of descriptors: the pending connection would keep the
        // listener readable forever. Free the spare, take it, refuse it.
        ::close(spare_fd_);
        fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) {
          if (!tls) writeFinal(fd, 503, "out of file descriptors\n");
          ::close(fd);
        }
        spare_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        shared_.counters.refused_fds.inc();
        shared_.counters.refusals.note("fd_limit", "");
      }
      return;  // EAGAIN: nothing left; anything else: try at the next wake-up
    }
    const Ipv4Address peer = Ipv4Address(ntohl(address.sin_addr.s_addr));
    const Admission admission = shared_.limits.admit(peer.value());
    if (admission != Admission::Admitted) {
      refuse(fd, peer, admission, tls);
      continue;
    }
    shared_.counters.accepted.inc();
    shared_.counters.open.add(1);
    auto& loops = shared_.loops;
    EventLoop* target =
        loops[shared_.next_loop.fetch_add(1, std::memory_order_relaxed) % loops.size()].get();
    if (target == this) {
      serve(fd, peer, tls);
    } else {
      target->adopt(fd, peer, tls);
    }
  }
}

void EventLoop::refuse(int fd, Ipv4Address peer, Admission why, bool tls) {
  const bool total = why == Admission::OverTotal;
  (total ? shared_.counters.refused_total : shared_.counters.refused_client).inc();
  shared_.counters.refusals.note(total ? "max_connections" : "max_per_client", peer.toString());
  // A TLS client expects a handshake, not a plain answer: it just sees the close.
  if (!tls)
    writeFinal(fd, 503,
               total ? "too many connections\n" : "too many connections from this address\n");
  ::shutdown(fd, SHUT_WR);
  ::close(fd);
}

void EventLoop::serve(int fd, Ipv4Address peer, bool tls) {
  int one = 1;
  // Heads and bodies leave in separate writes; without this a body's last
  // small segment waits for the client's delayed ACK (40 ms a request).
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  auto owned = std::make_unique<Connection>();
  Connection& c = *owned;
  c.fd = fd;
  c.peer = peer;
  if (tls) c.tls = shared_.tls->newSession(fd);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.ptr = &c;
  if ((tls && c.tls == nullptr) || ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) != 0) {
    tlsEnd(c.tls);
    ::close(fd);
    shared_.limits.release(peer.value());
    shared_.counters.open.add(-1);
    return;
  }
  c.interest = EPOLLIN;
  // A connection that never sends a byte (or never finishes its TLS
  // handshake) is held no longer than a head.
  c.deadline = Clock::now() + shared_.settings.header_timeout;
  c.deadline_kind = Deadline::HeaderTimeout;
  connections_.emplace(&c, std::move(owned));
}

void EventLoop::onEvents(Connection& c, std::uint32_t events) {
  if (c.state == Connection::State::Streaming) return;
  if (events & (EPOLLERR)) {
    // A client that refuses the certificate while part of the server's
    // flight is still unread resets the connection instead of sending an alert.
    if (c.tls != nullptr) countFailedHandshake(c, "connection reset during handshake");
    close(c);
    return;
  }
  const bool can_write = (events & (EPOLLOUT | EPOLLHUP)) != 0;
  const bool can_read = (events & (EPOLLIN | EPOLLHUP)) != 0;
  if (c.state == Connection::State::Writing && (can_write || (c.tls_wait == EPOLLIN && can_read))) {
    switch (flush(c)) {
      case Flush::Failed:
        close(c);
        return;
      case Flush::Blocked:
        c.deadline = Clock::now() + shared_.settings.send_timeout;  // it moved
        blocked(c);
        return;
      case Flush::Done:
        afterFlush(c);
        return;
    }
  }
  if (c.state == Connection::State::Reading && (can_read || (c.tls_wait == EPOLLOUT && can_write)))
    readFrom(c);
}

void EventLoop::readFrom(Connection& c) {
  if (c.tls != nullptr) {
    readTls(c);
    return;
  }
  const ssize_t got = ::recv(c.fd, read_buffer_.data(), read_buffer_.size(), 0);
  if (got == 0) {
    close(c);  // the client closed; nothing half-answered is left behind
    return;
  }
  if (got < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) close(c);
    return;
  }
  noteBytesArriving(c);
  c.in.append(read_buffer_.data(), static_cast<std::size_t>(got));
  process(c);
}

void EventLoop::noteBytesArriving(Connection& c) {
  if (c.pending() == 0 && c.discard == 0) {
    // The first byte of a new request: its whole head must follow in time.
    c.deadline = Clock::now() + shared_.settings.header_timeout;
    c.deadline_kind = Deadline::HeaderTimeout;
  }
}

// Records until the socket has no more (or a read's worth came in). The
// handshake happens inside the first reads. Each SSL_read takes at most one
// 16 KiB record into the 64 KiB buffer, so nothing decrypted is left inside
// OpenSSL where epoll could not see it.
void EventLoop::readTls(Connection& c) {
  std::size_t got = 0;
  bool fresh = c.pending() == 0 && c.discard == 0;
  while (got < kReadChunk) {
    const TlsStep step = tlsRead(c.tls, read_buffer_.data(), read_buffer_.size());
    if (step.kind == TlsStep::Kind::Moved) {
      if (fresh) noteBytesArriving(c);
      fresh = false;
      c.in.append(read_buffer_.data(), step.bytes);
      got += step.bytes;
      continue;
    }
    if (step.kind == TlsStep::Kind::WantRead || step.kind == TlsStep::Kind::WantWrite) {
      const bool wants_write = step.kind == TlsStep::Kind::WantWrite;
      c.tls_wait = wants_write ? static_cast<std::uint32_t>(EPOLLOUT) : 0;
      setInterest(c, wants_write ? EPOLLIN | EPOLLOUT : EPOLLIN);
      break;
    }
    countFailedHandshake(c, step.error.empty() ? "client closed during handshake" : step.error);
    close(c);  // the client closed, or TLS broke
    return;
  }
  if (got > 0) process(c);
}

void EventLoop::countFailedHandshake(const Connection& c, const std::string& reason) {
  if (tlsHandshakeDone(c.tls) || !tlsClientSpoke(c.tls)) return;
  shared_.counters.tls_handshake_failed.inc();
  shared_.counters.tls_failures.note(reason, c.peer.toString());
}

void EventLoop::process(Connection& c) {
  for (int answered = 0; c.state == Connection::State::Reading;) {
    if (c.discard > 0) {
      const std::uint64_t skip = std::min<std::uint64_t>(c.discard, c.pending());
      c.in_pos += skip;
      c.discard -= skip;
      if (c.discard > 0) break;
    }
    if (c.pending() == 0) break;
    if (answered++ == kPipelinedPerTurn) {
      if (!c.in_ready_list) {
        c.in_ready_list = true;
        ready_.push_back(&c);
      }
      return;
    }
    if (!handleHead(c)) return;
  }
  if (c.state != Connection::State::Reading || !connections_.count(&c)) return;
  // Keep the unread rest at the front; a connection that goes idle gives
  // back a buffer that a large head made big.
  if (c.in_pos > 0) {
    c.in.erase(0, c.in_pos);
    c.scanned = c.scanned > c.in_pos ? c.scanned - c.in_pos : 0;
    c.in_pos = 0;
  }
  if (c.in.empty() && c.in.capacity() > 4096) std::string().swap(c.in);
}

// Long (64 lines) on purpose: refusals, dispatch and the first flush read as
// one ordered pass over a request head, each step a few lines.
bool EventLoop::handleHead(Connection& c) {
  const auto& settings = shared_.settings;
  std::string_view pending(c.in.data() + c.in_pos, c.pending());
  HttpRequest request;
  const HeadParse head = parseRequestHead(pending, request, c.scanned);
  if (head.status == HeadStatus::Incomplete) {
    if (pending.size() > settings.max_header_bytes) {
      reject(c, 431, "request head too large\n", shared_.counters.header_too_large,
             "header_too_large");
      return false;
    }
    c.scanned = pending.size();
    return false;  // wait for more bytes
  }
  if (head.status == HeadStatus::Malformed) {
    const bool too_large = head.error_status == 431;
    reject(c, head.error_status, std::string(head.error) + "\n",
           too_large ? shared_.counters.header_too_large : shared_.counters.bad_request,
           too_large ? "header_too_large" : "bad_request");
    return false;
  }
  if (head.length > settings.max_header_bytes) {
    reject(c, 431, "request head too large\n", shared_.counters.header_too_large,
           "header_too_large");
    return false;
  }
  if (request.content_length > settings.max_body_bytes) {
    reject(c, 413, "request body too large\n", shared_.counters.body_too_large, "body_too_large");
    return false;
  }
  const bool head_request = request.method == "HEAD";
  const bool keep_alive = request.keepAlive();
  const bool http10_keep_alive = keep_alive && request.minor_version == 0;
  Reply reply = shared_.handler.handle(request, c.peer);
  // The views into c.in are not used past this point.
  c.in_pos += head.length;
  c.scanned = 0;
  c.discard = request.content_length;
  if (reply.stream) {
    startStream(c, std::move(reply.stream), head_request, keep_alive && !reply.close,
                http10_keep_alive);
    return false;
  }
  startReply(c, reply, request.target, head_request, keep_alive && !reply.close, http10_keep_alive);
  switch (flush(c)) {
    case Flush::Failed:
      close(c);
      return false;
    case Flush::Blocked:
      c.state = Connection::State::Writing;
      c.deadline = Clock::now() + settings.send_timeout;
      c.deadline_kind = Deadline::SendTimeout;
      blocked(c);  // no reading while the client does not read
      return false;
    case Flush::Done:
      if (c.close_after) {
        close(c);
        return false;
      }
      setIdle(c);
      return true;
  }
  return false;
}

void EventLoop::startReply(Connection& c, Reply& reply, std::string_view target, bool head_request,
                           bool keep_alive, bool http10_keep_alive) {
  const std::uint64_t length = reply.bodySize();
  c.out = serializeHead(reply.status, reply.headers, static_cast<std::int64_t>(length), keep_alive,
                        http10_keep_alive, httpDateNow());
  c.out_pos = 0;
  c.close_after = !keep_alive;
  c.body = nullptr;
  c.body_left = 0;
  c.image.reset();
  c.file_fd = -1;
  c.owned_body.clear();
  const bool has_body = !head_request && reply.status != 304 && reply.status != 204 && length > 0;
  if (!has_body) return;
  if (length <= kInlineBody) {
    c.out.append(reply.bodyView());
    return;
  }
  if (reply.image) {
    c.image = std::move(reply.image);
    c.body = reinterpret_cast<const char*>(c.image->bytes.data() + reply.image_first);
    // sendfile() would bypass TLS: encrypted bodies are written from memory.
    if (c.tls == nullptr && length >= kSendfileBody && connections_.size() > kSendfileConnections) {
      c.file_fd = shared_.image_files.fileFor(c.image);
      c.file_offset = reply.image_first;
    }
  } else {
    c.owned_body = std::move(reply.body);
    c.body = c.owned_body.data();
  }
  c.body_left = length;
  c.body_total = length;
  c.answering.assign(target);  // named if the body never gets out whole
}

EventLoop::Flush EventLoop::flush(Connection& c) {
  if (c.tls != nullptr) return flushTls(c);
  while (c.outputQueued()) {
    const bool by_file = c.file_fd >= 0 && c.body_left > 0;
    ssize_t sent = 0;
    if (by_file && c.out_pos < c.out.size()) {
      // The head first; MSG_MORE so that it shares a segment with the body.
      sent =
          ::send(c.fd, c.out.data() + c.out_pos, c.out.size() - c.out_pos, MSG_NOSIGNAL | MSG_MORE);
    } else if (by_file) {
      auto offset = static_cast<off_t>(c.file_offset);
      sent = ::sendfile(c.fd, c.file_fd, &offset, c.body_left);
      if (sent > 0) c.file_offset = static_cast<std::uint64_t>(offset);
    } else {
      iovec parts[2];
      int count = 0;
      if (c.out_pos < c.out.size())
        parts[count++] = {c.out.data() + c.out_pos, c.out.size() - c.out_pos};
      if (c.body_left > 0) parts[count++] = {const_cast<char*>(c.body), c.body_left};
      msghdr message{};
      message.msg_iov = parts;
      message.msg_iovlen = static_cast<std::size_t>(count);
      sent = ::sendmsg(c.fd, &message, MSG_NOSIGNAL);
    }
    if (sent < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return Flush::Blocked;
      return Flush::Failed;
    }
    if (sent == 0 && by_file)
      return Flush::Failed;  // the file ended early: never happens to a sealed copy
    std::size_t left = static_cast<std::size_t>(sent);
    const std::size_t from_head = std::min(left, c.out.size() - c.out_pos);
    c.out_pos += from_head;
    left -= from_head;
    c.body += left;
    c.body_left -= left;
  }
  c.clearOutput();
  return Flush::Done;
}

// The head, then the body, each through SSL_write (TLS records of up to
// 16 KiB). A blocked write is retried with the same bytes, as OpenSSL asks.
EventLoop::Flush EventLoop::flushTls(Connection& c) {
  while (c.outputQueued()) {
    const bool head = c.out_pos < c.out.size();
    const char* data = head ? c.out.data() + c.out_pos : c.body;
    const std::size_t size = head ? c.out.size() - c.out_pos : c.body_left;
    const TlsStep step = tlsWrite(c.tls, data, size);
    switch (step.kind) {
      case TlsStep::Kind::Moved:
        if (head) {
          c.out_pos += step.bytes;
        } else {
          c.body += step.bytes;
          c.body_left -= step.bytes;
        }
        continue;
      case TlsStep::Kind::WantWrite:
        c.tls_wait = 0;
        return Flush::Blocked;
      case TlsStep::Kind::WantRead:
        c.tls_wait = EPOLLIN;
        return Flush::Blocked;
      case TlsStep::Kind::Closed:
      case TlsStep::Kind::Failed:
        return Flush::Failed;
    }
  }
  c.tls_wait = 0;
  c.clearOutput();
  return Flush::Done;
}

void EventLoop::blocked(Connection& c) {
  setInterest(c, c.tls_wait == EPOLLIN ? EPOLLIN : EPOLLOUT);
}

void EventLoop::afterFlush(Connection& c) {
  if (c.close_after) {
    close(c);
    return;
  }
  c.state = Connection::State::Reading;
  setInterest(c, EPOLLIN);
  setIdle(c);
  process(c);  // pipelined requests that arrived meanwhile
}

void EventLoop::startStream(Connection& c, StreamJob job, bool head_request, bool keep_alive,
                            bool http10_keep_alive) {
  // The loop lets go of the socket until the stream thread hands it back.
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c.fd, nullptr);
  c.interest = 0;
  c.state = Connection::State::Streaming;
  c.deadline = Clock::time_point::max();
  c.deadline_kind = Deadline::None;
  const int fd = c.fd;
  ssl_st* tls = c.tls;
  const auto send_timeout = shared_.settings.send_timeout;
  Connection* connection = &c;
  shared_.streams.submit(fd, [this, connection, fd, tls, send_timeout, head_request, keep_alive,
                              http10_keep_alive, job = std::move(job)] {
    bool reusable = false;
    {
      SocketWriter writer(fd, send_timeout, tls);
      SocketIsoResponse response(writer, head_request, keep_alive, http10_keep_alive);
      StreamEnd end = job(response);
      reusable = end.reusable && response.begun() && response.finish() && response.reusable();
    }
    // Only now, with the socket non-blocking again (the writer's destructor),
    // may the loop read from it: a read on a blocking socket would stall
    // the loop (over TLS, SSL_read waits for a whole record).
    streamEnded(connection, reusable);
  });
}

void EventLoop::reject(Connection& c, int status, std::string_view why, Counter& counter,
                       std::string_view reason) {
  counter.inc();
  shared_.counters.cut_off.note(reason, c.peer.toString());
  writeFinal(c, status, why);
  close(c);
}

void EventLoop::setInterest(Connection& c, std::uint32_t events) {
  if (c.interest == events) return;
  epoll_event event{};
  event.events = events;
  event.data.ptr = &c;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &event) == 0) c.interest = events;
}

void EventLoop::setIdle(Connection& c) {
  if (c.pending() > c.discard) {
    c.deadline = Clock::now() + shared_.settings.header_timeout;  // a pipelined head is on its way
    c.deadline_kind = Deadline::HeaderTimeout;
  } else {
    c.deadline = Clock::now() + shared_.settings.keep_alive_timeout;
    c.deadline_kind = Deadline::IdleTimeout;
  }
}

void EventLoop::close(Connection& c) {
  if (c.body_left > 0 && c.state != Connection::State::Streaming) {
    // The access line was written when the answer was queued; this one
    // tells that the client never got all of it.
    shared_.log.info("answer cut short",
                     {{"uri", c.answering},
                      {"client", c.peer.toString()},
                      {"bytes_sent", static_cast<std::uint64_t>(c.body_total - c.body_left)},
                      {"bytes", static_cast<std::uint64_t>(c.body_total)}});
  }
  tlsEnd(c.tls);
  c.tls = nullptr;
  ::close(c.fd);  // also leaves the epoll set
  shared_.limits.release(c.peer.value());
  shared_.counters.open.add(-1);
  if (c.in_ready_list) {
    std::erase(ready_, &c);
  }
  connections_.erase(&c);
}

void EventLoop::sweep(Clock::time_point now) {
  std::vector<Connection*> expired;
  for (auto& [key, c] : connections_) {
    if (c->deadline <= now) expired.push_back(key);
  }
  for (Connection* c : expired) {
    switch (c->deadline_kind) {
      case Deadline::HeaderTimeout:
        shared_.counters.header_timeout.inc();
        shared_.counters.cut_off.note("header_timeout", c->peer.toString());
        if (c->pending() > 0) writeFinal(*c, 408, "request head not received in time\n");
        break;
      case Deadline::IdleTimeout:
        shared_.counters.idle_timeout
            .inc();  // the normal end of a keep-alive connection: not logged
        break;
      case Deadline::SendTimeout:
        shared_.counters.send_timeout.inc();
        shared_.counters.cut_off.note("send_timeout", c->peer.toString());
        break;
      case Deadline::None:
        continue;
    }
    close(*c);
  }
}

}  // namespace smee::http
