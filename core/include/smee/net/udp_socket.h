#pragma once

#include <cstdint>
#include <string>

#include "smee/export.h"
#include "smee/net/ipv4.h"

namespace smee {

// How a UDP listener is set up. Each protocol asks for what it needs:
// DHCP broadcasts and must know which interface a request came in on,
// TFTP and syslog need large buffers for bursts of a rack booting.
struct UdpSocketOptions {
  Ipv4Address address;       // 0.0.0.0: every interface
  std::uint16_t port = 0;    // 0: any free port (tests)
  std::string interface;     // SO_BINDTODEVICE when set
  bool broadcast = false;    // SO_BROADCAST
  bool packet_info = false;  // IP_PKTINFO: each datagram's interface and local address
  bool non_blocking = false;
  int buffer_bytes = 0;  // SO_RCVBUF and SO_SNDBUF, when > 0
};

// A bound IPv4 UDP socket (a raw descriptor: Poco's DatagramSocket exposes
// no control messages). Never SO_REUSEADDR: on UDP it lets a second server
// bind the same port and silently take a share of the datagrams, where a
// second smeed must fail to start instead.
class SMEE_API UdpSocket {
 public:
  // Throws smee::Error naming the address (or interface) and the system error.
  explicit UdpSocket(const UdpSocketOptions& options);
  ~UdpSocket();
  UdpSocket(UdpSocket&& other) noexcept;
  UdpSocket& operator=(UdpSocket&& other) noexcept;
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  int fd() const { return fd_; }
  std::uint16_t localPort() const;
  // Wakes every thread blocked in a receive on this socket, and makes each
  // later receive return at once (shutdown(SHUT_RD)).
  void stopReceiving();

 private:
  int fd_ = -1;
};

// The stop of a thread that waits in poll() or epoll_wait() on its sockets:
// an eventfd it watches beside them, raised once by stop().
class SMEE_API StopSignal {
 public:
  StopSignal();  // throws smee::Error
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  int fd() const { return fd_; }  // readable once raised
  void raise() noexcept;
  bool raised() const noexcept;

 private:
  int fd_ = -1;
};

// Blocks until `fd` is readable (true) or `stop` is raised (false).
SMEE_API bool waitReadable(int fd, const StopSignal& stop);

}  // namespace smee
