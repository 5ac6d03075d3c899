#include "socket_writer.h"

#include <poll.h>
#include <sys/sendfile.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace smee::http {

bool SocketWriter::waitWritable() {
  pollfd p{fd_, POLLOUT, 0};
  for (;;) {
    int ready = ::poll(&p, 1, static_cast<int>(timeout_.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0 || (p.revents & (POLLERR | POLLHUP | POLLNVAL))) return false;
    return true;
  }
}

bool SocketWriter::write(const char* data, std::size_t size) {
  while (!failed_ && size > 0) {
    ssize_t sent = ::send(fd_, data, size, MSG_NOSIGNAL);
    if (sent > 0) {
      data += sent;
      size -= static_cast<std::size_t>(sent);
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && waitWritable()) continue;
    failed_ = true;
  }
  return !failed_;
}

bool SocketWriter::writeFile(int file_fd, std::uint64_t offset, std::uint64_t count) {
  auto at = static_cast<off_t>(offset);
  while (!failed_ && count > 0) {
    ssize_t sent = ::sendfile(fd_, file_fd, &at, std::min<std::uint64_t>(count, 1 << 30));
    if (sent > 0) {
      count -= static_cast<std::uint64_t>(sent);
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && waitWritable()) continue;
    failed_ = true;  // an error, or the file ended early
  }
  return !failed_;
}

}  // namespace smee::http
