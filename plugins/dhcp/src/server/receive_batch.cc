#include "receive_batch.h"

#include <arpa/inet.h>

#include <cstring>

namespace smee::dhcp {

ReceiveBatch::ReceiveBatch(std::size_t slots)
    : slots_(slots),
      // Not value-initialised: zeroing would make every page resident.
      storage_(std::make_unique_for_overwrite<std::uint8_t[]>(slots * kDatagramCapacity)),
      iovecs_(slots),
      peers_(slots),
      controls_(slots),
      headers_(slots) {
  for (std::size_t i = 0; i < slots_; ++i) {
    iovecs_[i] = {storage_.get() + i * kDatagramCapacity, kDatagramCapacity};
  }
}

std::size_t ReceiveBatch::receive(int fd) {
  // The kernel rewrites the lengths it returns, so every call starts afresh.
  for (std::size_t i = 0; i < slots_; ++i) {
    msghdr& msg = headers_[i].msg_hdr;
    msg = msghdr{};
    msg.msg_name = &peers_[i];
    msg.msg_namelen = sizeof(sockaddr_in);
    msg.msg_iov = &iovecs_[i];
    msg.msg_iovlen = 1;
    msg.msg_control = controls_[i].bytes;
    msg.msg_controllen = sizeof controls_[i].bytes;
    headers_[i].msg_len = 0;
  }
  int n = ::recvmmsg(fd, headers_.data(), static_cast<unsigned>(slots_), MSG_WAITFORONE, nullptr);
  return n > 0 ? static_cast<std::size_t>(n) : 0;
}

Datagram ReceiveBatch::operator[](std::size_t i) const {
  const msghdr& msg = headers_[i].msg_hdr;
  Datagram out;
  out.bytes = {storage_.get() + i * kDatagramCapacity, headers_[i].msg_len};
  const sockaddr_in& peer = peers_[i];
  if (msg.msg_namelen >= sizeof(sockaddr_in)) {
    out.source = Ipv4Address(ntohl(peer.sin_addr.s_addr));
    out.source_port = ntohs(peer.sin_port);
  }
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(const_cast<msghdr*>(&msg), c)) {
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      in_pktinfo info{};
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      out.interface_index = info.ipi_ifindex;
      out.local_address = Ipv4Address(ntohl(info.ipi_spec_dst.s_addr));
    }
  }
  return out;
}

}  // namespace smee::dhcp
