#pragma once

#include <netinet/in.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <thread>

#include "smee/log.h"
#include "smee/metrics.h"
#include "smee/net/ipv4.h"
#include "smee/net/udp_socket.h"
#include "smee/services/backend.h"
#include "smee/services/boot_journey.h"
#include "smee/services/ipxe_binaries.h"
#include "smee/trace/tracer.h"
#include "transfer.h"

namespace smee::tftp {

struct ServerSettings {
  Ipv4Address address;
  std::uint16_t port = 69;
  std::chrono::milliseconds timeout{5000};  // per-datagram retransmission timeout
  int retries = 5;
  std::uint16_t block_size = 1468;  // most a client is granted (also capped by the MTU)
  std::uint16_t max_windowsize = 64;
  bool single_port = true;  // Smee's default: the whole transfer on port 69
  std::size_t max_transfers = 1024;
};

// The TFTP server: one thread, one epoll loop over the listening socket
// and (in ephemeral-port mode) each transfer's own socket, with a
// deadline queue for retransmissions. In single-port mode (Smee's, works
// through NAT and container port maps) every datagram of a transfer uses
// port 69 and transfers are told apart by the client's address and port.
class TftpServer {
 public:
  // `backend`, when given, names the machine (by the client's address) in
  // log lines of files requested without a MAC in their path.
  TftpServer(ServerSettings settings, std::shared_ptr<const IpxeBinarySource> source, Logger log,
             Metrics& metrics, std::shared_ptr<const BackendReader> backend = nullptr);
  ~TftpServer();
  // With a tracer, every read request is a "TFTP get" span, continuing the
  // trace named by a suffix on the file name (spec 4.3). Before start().
  void setTracer(std::shared_ptr<Tracer> tracer) { tracer_ = std::move(tracer); }
  // With a journey, each transfer's start and end are steps of the
  // machine's boot journey. Before start().
  void setJourney(std::shared_ptr<BootJourney> journey) { journey_ = std::move(journey); }
  void start();  // binds; throws smee::Error
  void stop() noexcept;
  std::uint16_t port() const { return bound_port_; }

 private:
  struct Session;
  using Clock = std::chrono::steady_clock;
  void loop();
  void onListenSocket();
  void onSessionSocket(Session& session);
  void handleRequest(const std::vector<std::uint8_t>& datagram, const sockaddr_in& peer,
                     int ifindex);
  void handleFromPeer(Session& session, std::span<const std::uint8_t> datagram);
  void startTransfer(const Request& request, const sockaddr_in& peer, int ifindex);
  void finish(Session& session, const std::string& result);
  void arm(Session& session);
  void runTimers();
  void sendTo(int fd, const sockaddr_in& peer, std::span<const std::uint8_t> bytes);
  void refuse(const sockaddr_in& peer, ErrorCode code, const std::string& message,
              const char* reason, ScopedSpan* span = nullptr);
  std::uint16_t mtuLimit(int ifindex);
  // By the MAC when the file name or backend named one, else by address.
  void noteJourney(const std::string& mac, const sockaddr_in& peer, JourneyOutcome outcome,
                   std::string_view step, std::string detail);

  ServerSettings settings_;
  std::shared_ptr<const IpxeBinarySource> source_;
  std::shared_ptr<const BackendReader> backend_;
  std::shared_ptr<Tracer> tracer_;
  std::shared_ptr<BootJourney> journey_;
  Logger log_;
  Metrics& metrics_;
  std::optional<UdpSocket> listen_socket_;
  int listen_fd_ = -1;  // listen_socket_'s, read on every datagram
  int epoll_fd_ = -1;
  std::optional<StopSignal> stop_;
  std::uint16_t bound_port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, std::unique_ptr<Session>> sessions_;
  std::map<std::pair<std::uint32_t, std::uint16_t>, std::uint64_t> by_peer_;  // single-port demux
  std::set<std::pair<Clock::time_point, std::uint64_t>> deadlines_;
  std::map<int, std::uint16_t> mtu_by_ifindex_;
};

}  // namespace smee::tftp
