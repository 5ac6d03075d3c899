#pragma once

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "smee/proto/dhcp4/packet.h"

namespace smee::dhcp {

// A DHCP client socket on 127.0.0.1 with a bounded wait for replies; it
// remembers the port the last reply came from (the PXE boot server must
// answer from 4011, not 67).
class LoopbackClient {
 public:
  LoopbackClient() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
      throw std::runtime_error(std::string("loopback client socket: ") + std::strerror(errno));
    }
  }
  ~LoopbackClient() { ::close(fd_); }
  LoopbackClient(const LoopbackClient&) = delete;
  LoopbackClient& operator=(const LoopbackClient&) = delete;

  void send(const std::vector<std::uint8_t>& bytes, std::uint16_t port) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  }
  std::optional<dhcp4::Packet> receive(int timeout_ms = 2000) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) != 1) return std::nullopt;
    std::vector<std::uint8_t> buf(2048);
    sockaddr_in from{};
    socklen_t from_len = sizeof from;
    auto n =
        ::recvfrom(fd_, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n <= 0) return std::nullopt;
    last_source_port = ntohs(from.sin_port);
    buf.resize(static_cast<std::size_t>(n));
    auto decoded = dhcp4::Packet::decode(buf);
    if (!std::holds_alternative<dhcp4::Packet>(decoded)) return std::nullopt;
    return std::get<dhcp4::Packet>(decoded);
  }

  std::uint16_t last_source_port = 0;

 private:
  int fd_ = -1;
};

}  // namespace smee::dhcp
