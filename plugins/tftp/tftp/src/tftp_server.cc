#include "tftp_server.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "smee/errors.h"
#include "smee/net/mac_address.h"
#include "smee/net/udp_arrival.h"
#include "smee/smee_series.h"

namespace smee::tftp {

struct TftpServer::Session {
  std::uint64_t id = 0;
  sockaddr_in peer{};
  int fd = -1;  // the listening socket (single port) or own_socket's
  std::optional<UdpSocket> own_socket;
  std::string file;
  std::string mac;
  std::vector<std::uint8_t> converted;  // netascii copy, when asked for
  std::unique_ptr<Transfer> transfer;
  Clock::time_point started;
  Clock::time_point deadline;
  std::chrono::milliseconds timeout{5000};
  ScopedSpan span;  // "TFTP get", ended with the transfer
};

namespace {

constexpr std::size_t kMaxDatagram = 65536;

std::string peerText(const sockaddr_in& peer) {
  return Ipv4Address(ntohl(peer.sin_addr.s_addr)).toString() + ":" +
         std::to_string(ntohs(peer.sin_port));
}

std::pair<std::uint32_t, std::uint16_t> peerKey(const sockaddr_in& peer) {
  return {peer.sin_addr.s_addr, peer.sin_port};
}

UdpSocket udpSocket(Ipv4Address address, std::uint16_t port, bool pktinfo) {
  return UdpSocket(UdpSocketOptions{.address = address,
                                    .port = port,
                                    .packet_info = pktinfo,
                                    .non_blocking = true,
                                    // room for windows of large blocks to many clients
                                    .buffer_bytes = 4 << 20});
}

void watch(int epoll_fd, int fd, std::uint64_t tag) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = tag;
  ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev);
}

constexpr std::uint64_t kListenTag = 0;
constexpr std::uint64_t kWakeTag = ~std::uint64_t{0};

// ipxedust's span: the trace named by the file name's suffix continues.
ScopedSpan requestSpan(Tracer* tracer, const Request& request, const sockaddr_in& peer) {
  std::string_view last_element = request.filename;
  last_element.remove_prefix(std::min(last_element.size(), last_element.rfind('/') + 1));
  ScopedSpan span(tracer, "TFTP get", SpanKind::Server, splitTraceSuffix(last_element).context);
  span.setString("requested-filename", request.filename);
  span.setString("ip", Ipv4Address(ntohl(peer.sin_addr.s_addr)).toString());
  return span;
}

// A file asked for without a MAC in its path is put down to the machine the
// backend knows at the client's address, for the log lines and the journey.
std::string clientMac(std::string mac, const BackendReader* backend, const sockaddr_in& peer) {
  if (mac.empty() && backend) {
    LookupResult machine = backend->byIp(Ipv4Address(ntohl(peer.sin_addr.s_addr)));
    if (machine.found()) mac = machine.record->dhcp.mac.toString();
  }
  return mac;
}

// The bytes to send: the image's own, or its netascii copy in `converted`,
// which lives as long as the transfer.
std::span<const std::uint8_t> transferContent(const Request& request, const BinaryImage& image,
                                              std::vector<std::uint8_t>& converted) {
  std::span<const std::uint8_t> content = image.bytes;
  if (request.mode == "netascii") {
    converted = toNetascii(content);
    content = converted;
  }
  return content;
}

Negotiated negotiateWithin(const Request& request, std::uint16_t max_blksize,
                           std::uint16_t max_windowsize, std::size_t size) {
  NegotiationLimits limits;
  limits.max_blksize = max_blksize;
  limits.max_windowsize = max_windowsize;
  return negotiate(request, limits, size);
}

// The client's timeout option, when it asked for one, else the server's.
std::chrono::milliseconds retransmitTimeout(const Negotiated& negotiated,
                                            std::chrono::milliseconds fallback) {
  return negotiated.timeout
             ? std::chrono::duration_cast<std::chrono::milliseconds>(*negotiated.timeout)
             : fallback;
}

// `where` keeps the log line's source at the caller, where it has always been.
void countTransferStarted(Metrics& metrics, const Logger& log, const std::string& file,
                          const sockaddr_in& peer, const std::string& mac,
                          const Negotiated& negotiated, std::size_t bytes, LogSource where = {}) {
  metrics.counter("smee_tftp_transfers_started_total", "TFTP transfers started.").inc();
  smeeJobsTotal(metrics, "tftp", "read").inc();  // Smee's series, which Smee never counted
  log.debug("TFTP transfer started",
            {{"file", file},
             {"client", peerText(peer)},
             {"mac", mac},
             {"blksize", negotiated.blksize},
             {"windowsize", negotiated.windowsize},
             {"bytes", bytes}},
            where);
}

}  // namespace

TftpServer::TftpServer(ServerSettings settings, std::shared_ptr<const IpxeBinarySource> source,
                       Logger log, Metrics& metrics, std::shared_ptr<const BackendReader> backend)
    : settings_(settings),
      source_(std::move(source)),
      backend_(std::move(backend)),
      log_(std::move(log)),
      metrics_(metrics) {}

TftpServer::~TftpServer() { stop(); }

void TftpServer::start() {
  listen_socket_.emplace(udpSocket(settings_.address, settings_.port, true));
  listen_fd_ = listen_socket_->fd();
  bound_port_ = listen_socket_->localPort();
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  stop_.emplace();
  watch(epoll_fd_, listen_fd_, kListenTag);
  watch(epoll_fd_, stop_->fd(), kWakeTag);
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
  log_.info("TFTP server listening",
            {{"addr", settings_.address.toString() + ":" + std::to_string(bound_port_)},
             {"single_port", settings_.single_port},
             {"max_blksize", settings_.block_size}});
}

void TftpServer::stop() noexcept {
  if (!thread_.joinable()) return;
  stopping_ = true;
  stop_->raise();
  thread_.join();
  sessions_.clear();  // their own sockets close with them
  by_peer_.clear();
  deadlines_.clear();
  ::close(epoll_fd_);
  epoll_fd_ = listen_fd_ = -1;
  listen_socket_.reset();
  stop_.reset();
}

void TftpServer::loop() {
  epoll_event events[64];
  while (!stopping_) {
    int wait_ms = -1;
    if (!deadlines_.empty()) {
      auto until = std::chrono::duration_cast<std::chrono::milliseconds>(deadlines_.begin()->first -
                                                                         Clock::now());
      wait_ms = static_cast<int>(std::max<std::int64_t>(0, until.count() + 1));
    }
    int n = ::epoll_wait(epoll_fd_, events, 64, wait_ms);
    for (int i = 0; i < n && !stopping_; ++i) {
      auto tag = events[i].data.u64;
      if (tag == kWakeTag) return;
      if (tag == kListenTag) {
        onListenSocket();
      } else if (auto it = sessions_.find(tag); it != sessions_.end()) {
        onSessionSocket(*it->second);
      }
    }
    runTimers();
  }
}

void TftpServer::onListenSocket() {
  std::vector<std::uint8_t> buffer(kMaxDatagram);
  for (int burst = 0; burst < 256; ++burst) {
    UdpArrival arrival;
    ssize_t got = receiveWithArrival(listen_fd_, buffer, arrival);
    if (got < 0) return;
    const sockaddr_in& peer = arrival.peer;
    const int ifindex = arrival.interface_index;
    std::span<const std::uint8_t> datagram(buffer.data(), static_cast<std::size_t>(got));
    auto existing = by_peer_.find(peerKey(peer));
    auto op = opcodeOf(datagram);
    if (existing != by_peer_.end() && op != Opcode::Rrq && op != Opcode::Wrq) {
      if (auto it = sessions_.find(existing->second); it != sessions_.end()) {
        handleFromPeer(*it->second, datagram);
      }
      continue;
    }
    handleRequest({datagram.begin(), datagram.end()}, peer, ifindex);
  }
}

void TftpServer::onSessionSocket(Session& session) {
  std::vector<std::uint8_t> buffer(kMaxDatagram);
  for (int burst = 0; burst < 64; ++burst) {
    sockaddr_in from{};
    socklen_t len = sizeof from;
    ssize_t got = ::recvfrom(session.fd, buffer.data(), buffer.size(), 0,
                             reinterpret_cast<sockaddr*>(&from), &len);
    if (got < 0) return;
    if (from.sin_addr.s_addr != session.peer.sin_addr.s_addr ||
        from.sin_port != session.peer.sin_port) {
      // RFC 1350: a datagram from another port is answered with an error and ignored.
      auto error = encodeError(ErrorCode::UnknownTransferId, "unknown transfer ID");
      ::sendto(session.fd, error.data(), error.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
      continue;
    }
    std::uint64_t id = session.id;
    handleFromPeer(session, {buffer.data(), static_cast<std::size_t>(got)});
    if (!sessions_.count(id)) return;  // the transfer ended
  }
}

void TftpServer::sendTo(int fd, const sockaddr_in& peer, std::span<const std::uint8_t> bytes) {
  ::sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&peer),
           sizeof peer);
}

void TftpServer::noteJourney(const std::string& mac, const sockaddr_in& peer,
                             JourneyOutcome outcome, std::string_view step, std::string detail) {
  if (!journey_) return;
  JourneyEvent event{JourneyStage::Tftp, outcome, std::string(step), std::move(detail)};
  if (auto parsed = MacAddress::parse(mac)) {
    journey_->record(*parsed, std::move(event));
  } else {
    journey_->recordByAddress(Ipv4Address(ntohl(peer.sin_addr.s_addr)), std::move(event));
  }
}

void TftpServer::refuse(const sockaddr_in& peer, ErrorCode code, const std::string& message,
                        const char* reason, ScopedSpan* span) {
  if (span) span->setError(message);
  sendTo(listen_fd_, peer, encodeError(code, message));
  metrics_
      .counter("smee_tftp_requests_refused_total", "TFTP requests refused, by reason.",
               {{"reason", reason}})
      .inc();
  log_.info("TFTP request refused",
            {{"client", peerText(peer)}, {"reason", reason}, {"detail", message}});
}

std::uint16_t TftpServer::mtuLimit(int ifindex) {
  if (ifindex <= 0) return settings_.block_size;
  auto [it, inserted] = mtu_by_ifindex_.try_emplace(ifindex, settings_.block_size);
  if (inserted) {
    ifreq ifr{};  // if_indextoname writes at most IF_NAMESIZE bytes, NUL included
    if (::if_indextoname(static_cast<unsigned>(ifindex), ifr.ifr_name) != nullptr) {
      if (::ioctl(listen_fd_, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu > 32) {
        // IPv4 header 20 + UDP 8 + TFTP 4: a block must fit one frame.
        it->second = static_cast<std::uint16_t>(
            std::min<int>(settings_.block_size, std::min(ifr.ifr_mtu - 32, 65464)));
      }
    }
  }
  return it->second;
}

void TftpServer::handleRequest(const std::vector<std::uint8_t>& datagram, const sockaddr_in& peer,
                               int ifindex) {
  auto parsed = parseRequest(datagram);
  if (auto* error = std::get_if<ParseError>(&parsed)) {
    if (*error == ParseError::UnknownOpcode) {
      // A stray DATA/ACK/ERROR from a finished transfer: no reply.
      metrics_
          .counter("smee_tftp_drops_total", "TFTP datagrams dropped, by reason.",
                   {{"reason", "no_transfer"}})
          .inc();
      return;
    }
    refuse(peer, ErrorCode::IllegalOperation, "malformed request",
           std::string(parseErrorName(*error)).c_str());
    return;
  }
  const Request& request = std::get<Request>(parsed);
  if (request.opcode == Opcode::Wrq) {
    refuse(peer, ErrorCode::AccessViolation, "access violation: writes are not allowed",
           "write_request");
    return;
  }
  if (auto existing = by_peer_.find(peerKey(peer)); existing != by_peer_.end()) {
    // The same client asking again (its first packet was lost or it gave
    // up): start over.
    if (auto it = sessions_.find(existing->second); it != sessions_.end())
      finish(*it->second, "restarted");
  }
  if (sessions_.size() >= settings_.max_transfers) {
    refuse(peer, ErrorCode::NotDefined, "server busy, try again", "too_many_transfers");
    return;
  }
  (void)ifindex;
  startTransfer(request, peer, ifindex);
}

void TftpServer::startTransfer(const Request& request, const sockaddr_in& peer, int ifindex) {
  ScopedSpan span = requestSpan(tracer_.get(), request, peer);
  BinaryLookup found = source_->open(request.filename);
  if (found.status == BinaryStatus::Refused) {
    refuse(peer, ErrorCode::AccessViolation, "access violation: " + found.detail, "refused_path",
           &span);
    noteJourney(found.mac, peer, JourneyOutcome::Error, "request refused",
                request.filename + ": " + found.detail);
    return;
  }
  if (found.status != BinaryStatus::Found) {
    refuse(peer, ErrorCode::FileNotFound, found.detail, "not_found", &span);
    noteJourney(found.mac, peer, JourneyOutcome::Error, "file not found",
                request.filename + ": " + found.detail);
    return;
  }
  span.setString("filename", found.image->name);
  auto session = std::make_unique<Session>();
  session->id = next_id_++;
  session->peer = peer;
  session->file = found.image->name;
  session->mac = clientMac(found.mac, backend_.get(), peer);
  session->started = Clock::now();
  const std::span<const std::uint8_t> content =
      transferContent(request, *found.image, session->converted);
  const Negotiated negotiated =
      negotiateWithin(request, mtuLimit(ifindex), settings_.max_windowsize, content.size());
  session->timeout = retransmitTimeout(negotiated, settings_.timeout);
  if (settings_.single_port) {
    session->fd = listen_fd_;
    by_peer_[peerKey(peer)] = session->id;
  } else {
    try {
      session->own_socket.emplace(udpSocket(settings_.address, 0, false));
    } catch (const Error& e) {
      refuse(peer, ErrorCode::NotDefined, "server error", "socket_error", &span);
      return;
    }
    session->fd = session->own_socket->fd();
    watch(epoll_fd_, session->fd, session->id);
  }
  session->transfer =
      std::make_unique<Transfer>(found.image, content, negotiated, settings_.retries);
  span.setString("mac", session->mac);
  span.setInt("blksize", negotiated.blksize);
  session->span = std::move(span);
  countTransferStarted(metrics_, log_, session->file, peer, session->mac, negotiated,
                       content.size());
  noteJourney(session->mac, peer, JourneyOutcome::Ok, "transfer started",
              session->file + ", " + std::to_string(content.size()) + " bytes, blksize " +
                  std::to_string(negotiated.blksize));
  Session& s = *session;
  sessions_.emplace(s.id, std::move(session));
  s.transfer->begin([&](std::span<const std::uint8_t> bytes) { sendTo(s.fd, s.peer, bytes); });
  arm(s);
}

void TftpServer::handleFromPeer(Session& session, std::span<const std::uint8_t> datagram) {
  auto send = [&](std::span<const std::uint8_t> bytes) { sendTo(session.fd, session.peer, bytes); };
  if (auto block = parseAck(datagram)) {
    auto progress = session.transfer->onAck(*block, send);
    if (progress == Transfer::Progress::Done) {
      finish(session, "completed");
    } else {
      arm(session);
    }
    return;
  }
  if (auto error = parseError(datagram)) {
    // Clients abort on purpose, e.g. EDK2 after reading tsize.
    finish(session, "aborted_by_client: " + error->message);
    return;
  }
  metrics_
      .counter("smee_tftp_drops_total", "TFTP datagrams dropped, by reason.",
               {{"reason", "unexpected_packet"}})
      .inc();
}

void TftpServer::arm(Session& session) {
  deadlines_.erase({session.deadline, session.id});
  session.deadline = Clock::now() + session.timeout;
  deadlines_.insert({session.deadline, session.id});
}

void TftpServer::runTimers() {
  auto now = Clock::now();
  while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
    auto id = deadlines_.begin()->second;
    deadlines_.erase(deadlines_.begin());
    auto it = sessions_.find(id);
    if (it == sessions_.end()) continue;
    Session& s = *it->second;
    auto progress = s.transfer->onTimeout(
        [&](std::span<const std::uint8_t> bytes) { sendTo(s.fd, s.peer, bytes); });
    metrics_.counter("smee_tftp_retransmits_total", "TFTP timeouts that resent data.").inc();
    if (progress == Transfer::Progress::Failed) {
      sendTo(s.fd, s.peer, encodeError(ErrorCode::NotDefined, "timeout"));
      finish(s, "timeout");
      continue;
    }
    s.deadline = now + s.timeout;
    deadlines_.insert({s.deadline, s.id});
  }
}

void TftpServer::finish(Session& session, const std::string& result) {
  auto elapsed = std::chrono::duration<double>(Clock::now() - session.started).count();
  const Transfer& t = *session.transfer;
  metrics_.counter("smee_tftp_bytes_sent_total", "Payload bytes sent by TFTP.").inc(t.bytesSent());
  if (result == "completed") {
    metrics_.counter("smee_tftp_transfers_completed_total", "TFTP transfers completed.").inc();
    log_.info("file served", {{"file", session.file},
                              {"client", peerText(session.peer)},
                              {"mac", session.mac},
                              {"bytes", t.bytesSent()},
                              {"blksize", t.negotiated().blksize},
                              {"retransmits", t.retransmissions()},
                              {"seconds", std::to_string(elapsed)}});
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.2f s", elapsed);
    noteJourney(session.mac, session.peer, JourneyOutcome::Ok, "file served",
                session.file + ", " + std::to_string(t.bytesSent()) + " bytes in " + seconds);
  } else {
    std::string reason = result.substr(0, result.find(':'));
    metrics_
        .counter("smee_tftp_transfers_failed_total",
                 "TFTP transfers that did not complete, by reason.", {{"reason", reason}})
        .inc();
    log_.warn("TFTP transfer ended early", {{"file", session.file},
                                            {"client", peerText(session.peer)},
                                            {"mac", session.mac},
                                            {"result", result},
                                            {"blocks_acked", t.blocksAcked()},
                                            {"blocks", t.totalBlocks()}});
    noteJourney(session.mac, session.peer, JourneyOutcome::Error, "transfer failed",
                session.file + ": " + result + " after " + std::to_string(t.blocksAcked()) +
                    " of " + std::to_string(t.totalBlocks()) + " blocks");
  }
  session.span.setInt("bytes", static_cast<std::int64_t>(t.bytesSent()));
  if (result != "completed") session.span.setError(result);
  deadlines_.erase({session.deadline, session.id});
  by_peer_.erase(peerKey(session.peer));
  if (session.own_socket) ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, session.fd, nullptr);
  sessions_.erase(session.id);  // `session` is gone after this line
}

}  // namespace smee::tftp
