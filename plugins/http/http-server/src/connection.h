#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "smee/net/ipv4.h"
#include "smee/services/ipxe_binaries.h"

struct ssl_st;

namespace smee::http {

using Clock = std::chrono::steady_clock;

// Why the event loop will close a connection at its deadline.
enum class Deadline { HeaderTimeout, IdleTimeout, SendTimeout, None };

// One client connection, owned and touched only by its event loop (a
// stream thread borrows just the socket while the loop leaves it alone).
struct Connection {
  enum class State {
    Reading,    // waiting for (the rest of) a request head or a body to discard
    Writing,    // an answer is queued and the socket is full
    Streaming,  // a stream thread writes the answer (/iso/)
  };

  int fd = -1;
  Ipv4Address peer;
  ssl_st* tls = nullptr;  // the session, on the HTTPS listener's connections
  // What a TLS read or write blocked on, when it is the other direction
  // (a write that must first read a key update, a read whose handshake
  // reply did not fit the socket): 0, EPOLLIN or EPOLLOUT.
  std::uint32_t tls_wait = 0;
  State state = State::Reading;

  std::string in;  // bytes received, from in_pos on not yet used
  std::size_t in_pos = 0;
  std::size_t scanned = 0;    // bytes of the pending head already searched for its end
  std::uint64_t discard = 0;  // request body bytes still to skip

  std::string out;  // the queued head (and a small body), from out_pos on
  std::size_t out_pos = 0;
  std::string owned_body;                    // a large generated body (metrics)
  std::shared_ptr<const BinaryImage> image;  // keeps a binary's bytes alive while sent
  const char* body = nullptr;                // unsent large body bytes
  std::size_t body_left = 0;
  int file_fd = -1;  // the image's file (ImageFiles), when the body goes by sendfile
  std::uint64_t file_offset = 0;
  std::size_t body_total = 0;
  std::string answering;  // the target whose large body is being sent
  bool close_after = false;

  Clock::time_point deadline = Clock::time_point::max();
  Deadline deadline_kind = Deadline::None;
  std::uint32_t interest = 0;  // epoll events registered
  bool in_ready_list = false;  // more pipelined requests wait for the next turn

  std::size_t pending() const { return in.size() - in_pos; }
  // After the whole answer went out: the buffers and the image let go.
  void clearOutput() {
    out.clear();
    out_pos = 0;
    image.reset();
    file_fd = -1;
    owned_body.clear();
    body = nullptr;
    answering.clear();
  }
  bool outputQueued() const { return out_pos < out.size() || body_left > 0; }
};

}  // namespace smee::http
