#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "datagram.h"

namespace smee::dhcp {

// Datagrams read by one recvmmsg() call into buffers made once: the
// receive thread waits for the first datagram and takes every other one
// already queued in the same system call, without allocating or clearing
// anything per packet. Each slot holds a whole 64 KiB datagram, as the
// single-buffer reader did; the pages a short request never touches are
// never made resident.
class ReceiveBatch {
 public:
  static constexpr std::size_t kDatagramCapacity = 65536;

  explicit ReceiveBatch(std::size_t slots = 16);
  ReceiveBatch(const ReceiveBatch&) = delete;
  ReceiveBatch& operator=(const ReceiveBatch&) = delete;

  // Blocks until at least one datagram arrives on `fd`; returns how many
  // were read (0 on an error such as EINTR). A socket shut for reading
  // yields one empty datagram.
  std::size_t receive(int fd);
  // The i-th datagram of the last receive(), valid until the next one.
  Datagram operator[](std::size_t i) const;

 private:
  struct Control {
    alignas(cmsghdr) char bytes[CMSG_SPACE(sizeof(in_pktinfo))];
  };
  std::size_t slots_;
  std::unique_ptr<std::uint8_t[]> storage_;
  std::vector<iovec> iovecs_;
  std::vector<sockaddr_in> peers_;
  std::vector<Control> controls_;
  std::vector<mmsghdr> headers_;
};

}  // namespace smee::dhcp
