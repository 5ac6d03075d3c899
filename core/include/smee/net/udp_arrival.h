#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <cstdint>
#include <cstring>
#include <span>

#include "smee/net/ipv4.h"

namespace smee {

// Where a UDP datagram came from and where it arrived: the interface and
// local address from IP_PKTINFO, which a server on 0.0.0.0 needs to answer
// out of the right interface (Poco's DatagramSocket exposes no control
// messages). The socket must have IP_PKTINFO set.
struct UdpArrival {
  sockaddr_in peer{};
  int interface_index = 0;
  Ipv4Address local_address;

  Ipv4Address peerAddress() const { return Ipv4Address(ntohl(peer.sin_addr.s_addr)); }
  std::uint16_t peerPort() const { return ntohs(peer.sin_port); }
};

// recvmsg() of one datagram into `buffer`: its length, or -1 with errno set
// (EAGAIN on a non-blocking socket with nothing to read).
inline ssize_t receiveWithArrival(int fd, std::span<std::uint8_t> buffer, UdpArrival& arrival) {
  arrival = UdpArrival{};
  iovec iov{buffer.data(), buffer.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in_pktinfo))];
  msghdr msg{};
  msg.msg_name = &arrival.peer;
  msg.msg_namelen = sizeof arrival.peer;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n = ::recvmsg(fd, &msg, 0);
  if (n < 0) return n;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      in_pktinfo info{};
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      arrival.interface_index = info.ipi_ifindex;
      arrival.local_address = Ipv4Address(ntohl(info.ipi_spec_dst.s_addr));
    }
  }
  return n;
}

}  // namespace smee
