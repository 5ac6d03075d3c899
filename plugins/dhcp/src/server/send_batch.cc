#include "send_batch.h"

#include <arpa/inet.h>

#include <cerrno>
#include <cstring>

namespace smee::dhcp {

void ReplyHeader::fill(msghdr& msg, std::span<const std::uint8_t> bytes, Ipv4Address to,
                       std::uint16_t port, int interface_index, Ipv4Address from) {
  destination = sockaddr_in{};
  destination.sin_family = AF_INET;
  destination.sin_port = htons(port);
  destination.sin_addr.s_addr = htonl(to.value());
  iov = {const_cast<std::uint8_t*>(bytes.data()), bytes.size()};
  msg = msghdr{};
  msg.msg_name = &destination;
  msg.msg_namelen = sizeof destination;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (interface_index > 0) {
    std::memset(control, 0, sizeof control);
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
    in_pktinfo info{};
    info.ipi_ifindex = interface_index;
    info.ipi_spec_dst.s_addr = htonl(from.value());
    std::memcpy(CMSG_DATA(c), &info, sizeof info);
  }
}

SendBatch::SendBatch(std::size_t capacity)
    : replies_(capacity), headers_(capacity), errors_(capacity) {}

std::size_t SendBatch::add(std::span<const std::uint8_t> bytes, Ipv4Address to, std::uint16_t port,
                           int interface_index, Ipv4Address from) {
  std::size_t i = count_++;
  replies_[i].fill(headers_[i].msg_hdr, bytes, to, port, interface_index, from);
  headers_[i].msg_len = 0;
  errors_[i] = 0;
  return i;
}

void SendBatch::send(int fd) {
  // sendmmsg() stops at the first reply that fails and reports only how many
  // went out; the failing one is retried alone to learn its errno, then the
  // rest continue. At most one call per reply.
  std::size_t next = 0;
  while (next < count_) {
    int sent =
        ::sendmmsg(fd, headers_.data() + next, static_cast<unsigned>(count_ - next), MSG_DONTWAIT);
    if (sent > 0) {
      next += static_cast<std::size_t>(sent);
    } else {
      errors_[next] = sent < 0 ? errno : EIO;
      ++next;
    }
  }
}

int sendReply(int fd, std::span<const std::uint8_t> bytes, Ipv4Address to, std::uint16_t port,
              int interface_index, Ipv4Address from) {
  ReplyHeader header;
  msghdr msg;
  header.fill(msg, bytes, to, port, interface_index, from);
  return ::sendmsg(fd, &msg, MSG_DONTWAIT) < 0 ? errno : 0;
}

}  // namespace smee::dhcp
