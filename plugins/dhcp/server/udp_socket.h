#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "smee/net/ipv4.h"

namespace smee::dhcp {

// One received datagram and where it came in. The bytes belong to the
// receive buffer (or the worker queue's copy) and live while it is handled.
struct Datagram {
  std::span<const std::uint8_t> bytes;
  Ipv4Address source;
  std::uint16_t source_port = 0;
  int interface_index = 0;
  Ipv4Address local_address;  // ipi_spec_dst: this host's address on that interface
};

// An IPv4 UDP socket for DHCP: SO_BROADCAST, optional SO_BINDTODEVICE,
// IP_PKTINFO on receive (which interface, which local address) and on send
// (leave through the interface the request came in on, so broadcasts work
// without a default route). Poco's DatagramSocket exposes no control
// messages, so this is a raw fd. Receives block (ReceiveBatch), so the
// receive thread makes one system call per wake-up instead of poll() plus
// reads; stopReceiving() wakes it. Sends never block.
class UdpSocket {
 public:
  // Throws smee::Error naming the address and the system error.
  UdpSocket(Ipv4Address address, std::uint16_t port, const std::string& interface);
  ~UdpSocket();
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  int fd() const { return fd_; }
  std::uint16_t localPort() const;
  // Wakes a thread blocked in a receive (which then reads zero datagrams
  // of zero bytes), and makes every later receive return at once.
  void stopReceiving();
  // Returns 0 or the errno of the failure (EAGAIN when the send buffer is full).
  int send(std::span<const std::uint8_t> bytes, Ipv4Address to, std::uint16_t port,
           int interface_index, Ipv4Address from);

 private:
  int fd_ = -1;
};

}  // namespace smee::dhcp
