#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

struct ssl_st;

namespace smee::http {

// Blocking writes for the stream threads on a socket the event loop lent
// them: the socket is switched to blocking with SO_SNDTIMEO for as long as
// the writer lives (a blocking sendfile() moves a whole image in a few
// calls, where non-blocking ones woke the thread for every socket buffer),
// and each wait for room is bounded by `send_timeout`, so a client that
// stops reading frees its thread instead of holding it forever. On an
// HTTPS connection the bytes go through its TLS session (blocking too).
class SocketWriter {
 public:
  SocketWriter(int fd, std::chrono::milliseconds send_timeout, ssl_st* tls = nullptr);
  ~SocketWriter();  // the socket is non-blocking again
  SocketWriter(const SocketWriter&) = delete;
  SocketWriter& operator=(const SocketWriter&) = delete;
  // False once the client has gone or stalled past the time-out.
  bool write(const char* data, std::size_t size);
  // sendfile(2) from an open file, as nginx does; over TLS read and encrypted.
  bool writeFile(int file_fd, std::uint64_t offset, std::uint64_t count);
  bool failed() const { return failed_; }

 private:
  bool writeTls(const char* data, std::size_t size);
  bool writeFileTls(int file_fd, std::uint64_t offset, std::uint64_t count);

  int fd_;
  ssl_st* tls_;
  int flags_;
  std::chrono::milliseconds timeout_;
  bool failed_ = false;
};

}  // namespace smee::http
