#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "smee/net/ipv4.h"

namespace smee::dhcp {

// The message header of one reply: to `to`:`port`, and with an interface,
// out of that interface from `from` (IP_PKTINFO), so broadcasts leave where
// the request came in. Points into the caller's storage.
struct ReplyHeader {
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in_pktinfo))];
  sockaddr_in destination;
  iovec iov;
  void fill(msghdr& msg, std::span<const std::uint8_t> bytes, Ipv4Address to, std::uint16_t port,
            int interface_index, Ipv4Address from);
};

// Replies to the datagrams of one receive batch, sent with one sendmmsg():
// one system call per batch instead of one per reply. Never blocks (a full
// send buffer is EAGAIN for that reply). Storage is made once.
// One reply through the socket's IP_PKTINFO: out of the interface the
// request came in on, from the address it was sent to, so broadcasts work
// without a default route. Never blocks: 0, or the errno (EAGAIN when the
// send buffer is full).
int sendReply(int fd, std::span<const std::uint8_t> bytes, Ipv4Address to, std::uint16_t port,
              int interface_index, Ipv4Address from);

class SendBatch {
 public:
  explicit SendBatch(std::size_t capacity);
  SendBatch(const SendBatch&) = delete;
  SendBatch& operator=(const SendBatch&) = delete;

  // Queues a reply; `bytes` must stay valid until send(). Returns its index.
  std::size_t add(std::span<const std::uint8_t> bytes, Ipv4Address to, std::uint16_t port,
                  int interface_index, Ipv4Address from);
  // Sends every queued reply; afterwards error(i) is 0 or the errno of
  // reply i.
  void send(int fd);
  int error(std::size_t i) const { return errors_[i]; }
  std::size_t size() const { return count_; }
  void clear() { count_ = 0; }

 private:
  std::vector<ReplyHeader> replies_;
  std::vector<mmsghdr> headers_;
  std::vector<int> errors_;
  std::size_t count_ = 0;
};

}  // namespace smee::dhcp
