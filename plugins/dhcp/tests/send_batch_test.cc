#include "send_batch.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace smee::dhcp {
namespace {

Ipv4Address loopback() { return *Ipv4Address::parse("127.0.0.1"); }

// A bound loopback UDP socket and its port.
struct LoopbackSocket {
  LoopbackSocket() {
    fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    socklen_t len = sizeof sa;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
    port = ntohs(sa.sin_port);
  }
  ~LoopbackSocket() { ::close(fd); }
  // The next datagram's first byte, or -1 after a bounded wait.
  int nextFirstByte() {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 2000) != 1) return -1;
    std::uint8_t b[16];
    return ::recv(fd, b, sizeof b, 0) > 0 ? b[0] : -1;
  }
  int fd = -1;
  std::uint16_t port = 0;
};

TEST(SendBatch, AFailingReplyGetsItsErrnoAndTheOthersStillLeave) {
  LoopbackSocket sender, receiver;
  const std::vector<std::uint8_t> first = {1}, second = {2}, third = {3};
  SendBatch batch(4);
  batch.add(first, loopback(), receiver.port, 0, {});
  // No SO_BROADCAST on the sender: the kernel refuses this one (EACCES).
  batch.add(second, Ipv4Address(0xffffffffu), receiver.port, 0, {});
  batch.add(third, loopback(), receiver.port, 0, {});
  batch.send(sender.fd);
  EXPECT_EQ(batch.error(0), 0);
  EXPECT_EQ(batch.error(1), EACCES);
  EXPECT_EQ(batch.error(2), 0);
  EXPECT_EQ(receiver.nextFirstByte(), 1);
  EXPECT_EQ(receiver.nextFirstByte(), 3);
}

TEST(SendBatch, ClearStartsAnEmptyBatch) {
  LoopbackSocket sender, receiver;
  const std::vector<std::uint8_t> bytes = {7};
  SendBatch batch(2);
  batch.add(bytes, loopback(), receiver.port, 0, {});
  batch.send(sender.fd);
  batch.clear();
  EXPECT_EQ(batch.size(), 0u);
  batch.send(sender.fd);  // nothing to send
  EXPECT_EQ(receiver.nextFirstByte(), 7);
}

}  // namespace
}  // namespace smee::dhcp
