#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "smee/net/ipv4.h"

namespace smee::dhcp {

// One received datagram and where it came in.
struct Datagram {
  std::vector<std::uint8_t> bytes;
  Ipv4Address source;
  std::uint16_t source_port = 0;
  int interface_index = 0;
  Ipv4Address local_address;  // ipi_spec_dst: this host's address on that interface
};

// An IPv4 UDP socket for DHCP: SO_BROADCAST, SO_REUSEADDR, optional
// SO_BINDTODEVICE, IP_PKTINFO on receive (which interface, which local
// address) and on send (leave through the interface the request came
// in on, so broadcasts work without a default route). Poco's
// DatagramSocket exposes no control messages, so this is a raw fd.
class UdpSocket {
 public:
  // Throws smee::Error naming the address and the system error.
  UdpSocket(Ipv4Address address, std::uint16_t port, const std::string& interface);
  ~UdpSocket();
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  int fd() const { return fd_; }
  std::uint16_t localPort() const;
  // False when nothing could be read (EAGAIN) or on error.
  bool receive(Datagram& out);
  // Returns 0 or the errno of the failure.
  int send(const std::vector<std::uint8_t>& bytes, Ipv4Address to, std::uint16_t port,
           int interface_index, Ipv4Address from);

 private:
  int fd_ = -1;
};

}  // namespace smee::dhcp
