#include "udp_socket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "send_batch.h"
#include "smee/errors.h"

namespace smee::dhcp {
namespace {
[[noreturn]] void fail(const std::string& what, int err) {
  throw Error(what + ": " + std::strerror(err));
}
}  // namespace

UdpSocket::UdpSocket(Ipv4Address address, std::uint16_t port, const std::string& interface) {
  std::string where = address.toString() + ":" + std::to_string(port);
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) fail("cannot create a UDP socket", errno);
  int one = 1;
  // No SO_REUSEADDR: on UDP it lets a second server bind the same port and
  // take the datagrams silently; a second smeed must fail to start instead.
  if (::setsockopt(fd_, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) != 0 ||
      ::setsockopt(fd_, IPPROTO_IP, IP_PKTINFO, &one, sizeof one) != 0) {
    int err = errno;
    ::close(fd_);
    fail("cannot set socket options on " + where, err);
  }
  if (!interface.empty() && ::setsockopt(fd_, SOL_SOCKET, SO_BINDTODEVICE, interface.c_str(),
                                         static_cast<socklen_t>(interface.size())) != 0) {
    int err = errno;
    ::close(fd_);
    fail("cannot bind to interface " + interface, err);
  }
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr.s_addr = htonl(address.value());
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
    int err = errno;
    ::close(fd_);
    fail("cannot listen on " + where, err);
  }
}

UdpSocket::~UdpSocket() {
  if (fd_ >= 0) ::close(fd_);
}

std::uint16_t UdpSocket::localPort() const {
  sockaddr_in sa{};
  socklen_t len = sizeof sa;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len);
  return ntohs(sa.sin_port);
}

void UdpSocket::stopReceiving() {
  // On an unbound-peer UDP socket shutdown() reports ENOTCONN, but it still
  // marks the socket shut for reading and wakes every waiting reader.
  ::shutdown(fd_, SHUT_RD);
}

int UdpSocket::send(std::span<const std::uint8_t> bytes, Ipv4Address to, std::uint16_t port,
                    int interface_index, Ipv4Address from) {
  ReplyHeader header;
  msghdr msg;
  header.fill(msg, bytes, to, port, interface_index, from);
  return ::sendmsg(fd_, &msg, MSG_DONTWAIT) < 0 ? errno : 0;
}

}  // namespace smee::dhcp
