#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace smee::http {

// Blocking writes over a non-blocking socket, for the stream threads: each
// wait for room is bounded by `send_timeout`, so a client that stops
// reading frees its thread instead of holding it forever.
class SocketWriter {
 public:
  SocketWriter(int fd, std::chrono::milliseconds send_timeout) : fd_(fd), timeout_(send_timeout) {}
  // False once the client has gone or stalled past the time-out.
  bool write(const char* data, std::size_t size);
  // sendfile(2) from an open file, as nginx does.
  bool writeFile(int file_fd, std::uint64_t offset, std::uint64_t count);
  bool failed() const { return failed_; }

 private:
  bool waitWritable();
  int fd_;
  std::chrono::milliseconds timeout_;
  bool failed_ = false;
};

}  // namespace smee::http
