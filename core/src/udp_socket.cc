#include "smee/net/udp_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "smee/errors.h"

namespace smee {
namespace {

[[noreturn]] void fail(int fd, const std::string& what) {
  const int error = errno;
  if (fd >= 0) ::close(fd);
  throw Error(what + ": " + std::strerror(error));
}

bool setOption(int fd, int level, int name, int value) {
  return ::setsockopt(fd, level, name, &value, sizeof value) == 0;
}

}  // namespace

UdpSocket::UdpSocket(const UdpSocketOptions& options) {
  const std::string where = options.address.toString() + ":" + std::to_string(options.port);
  const int type = SOCK_DGRAM | SOCK_CLOEXEC | (options.non_blocking ? SOCK_NONBLOCK : 0);
  const int fd = ::socket(AF_INET, type, 0);
  if (fd < 0) fail(-1, "cannot create a UDP socket for " + where);
  if ((options.broadcast && !setOption(fd, SOL_SOCKET, SO_BROADCAST, 1)) ||
      (options.packet_info && !setOption(fd, IPPROTO_IP, IP_PKTINFO, 1))) {
    fail(fd, "cannot set socket options on " + where);
  }
  if (options.buffer_bytes > 0) {
    // Best effort: the kernel caps them at net.core.[rw]mem_max.
    setOption(fd, SOL_SOCKET, SO_RCVBUF, options.buffer_bytes);
    setOption(fd, SOL_SOCKET, SO_SNDBUF, options.buffer_bytes);
  }
  if (!options.interface.empty() &&
      ::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, options.interface.c_str(),
                   static_cast<socklen_t>(options.interface.size())) != 0) {
    fail(fd, "cannot bind to interface " + options.interface);
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(options.port);
  address.sin_addr.s_addr = htonl(options.address.value());
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    fail(fd, "cannot listen on " + where);
  fd_ = fd;
}

UdpSocket::~UdpSocket() {
  if (fd_ >= 0) ::close(fd_);
}

UdpSocket::UdpSocket(UdpSocket&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

UdpSocket& UdpSocket::operator=(UdpSocket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

std::uint16_t UdpSocket::localPort() const {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) return 0;
  return ntohs(address.sin_port);
}

void UdpSocket::stopReceiving() {
  // On a UDP socket without a peer shutdown() reports ENOTCONN, but it still
  // marks the socket shut for reading and wakes every waiting reader.
  ::shutdown(fd_, SHUT_RD);
}

StopSignal::StopSignal() : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  if (fd_ < 0) throw Error(std::string("cannot create an eventfd: ") + std::strerror(errno));
}

StopSignal::~StopSignal() { ::close(fd_); }

void StopSignal::raise() noexcept {
  const std::uint64_t one = 1;
  (void)!::write(fd_, &one, sizeof one);
}

bool StopSignal::raised() const noexcept {
  pollfd check{fd_, POLLIN, 0};
  return ::poll(&check, 1, 0) > 0;
}

bool waitReadable(int fd, const StopSignal& stop) {
  pollfd fds[2] = {{fd, POLLIN, 0}, {stop.fd(), POLLIN, 0}};
  for (;;) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return false;  // poll cannot fail on two valid descriptors short of memory
    }
    if (fds[1].revents != 0) return false;
    if (fds[0].revents != 0) return true;
  }
}

}  // namespace smee
