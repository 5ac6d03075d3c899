#include "socket_writer.h"

#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "tls_io.h"

namespace smee::http {

SocketWriter::SocketWriter(int fd, std::chrono::milliseconds send_timeout, ssl_st* tls)
    : fd_(fd), tls_(tls), flags_(::fcntl(fd, F_GETFL)), timeout_(send_timeout) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(send_timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((send_timeout.count() % 1000) * 1000);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (flags_ >= 0) ::fcntl(fd_, F_SETFL, flags_ & ~O_NONBLOCK);
}

SocketWriter::~SocketWriter() {
  timeval none{};
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &none, sizeof none);
  if (flags_ >= 0) ::fcntl(fd_, F_SETFL, flags_ | O_NONBLOCK);
}

bool SocketWriter::write(const char* data, std::size_t size) {
  if (tls_ != nullptr) return writeTls(data, size);
  while (!failed_ && size > 0) {
    ssize_t sent = ::send(fd_, data, size, MSG_NOSIGNAL);
    if (sent > 0) {
      data += sent;
      size -= static_cast<std::size_t>(sent);
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    failed_ = true;  // EAGAIN here is SO_SNDTIMEO: no progress for send_timeout
  }
  return !failed_;
}

bool SocketWriter::writeFile(int file_fd, std::uint64_t offset, std::uint64_t count) {
  if (tls_ != nullptr) return writeFileTls(file_fd, offset, count);
  auto at = static_cast<off_t>(offset);
  while (!failed_ && count > 0) {
    ssize_t sent = ::sendfile(fd_, file_fd, &at, std::min<std::uint64_t>(count, 1 << 30));
    if (sent > 0) {
      count -= static_cast<std::uint64_t>(sent);
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    failed_ = true;  // an error, the send time-out, or the file ended early
  }
  return !failed_;
}

bool SocketWriter::writeTls(const char* data, std::size_t size) {
  while (!failed_ && size > 0) {
    const TlsStep step = tlsWrite(tls_, data, size);
    if (step.kind != TlsStep::Kind::Moved) {
      failed_ = true;  // on a blocking socket a "want" is SO_SNDTIMEO: no progress in time
      break;
    }
    data += step.bytes;
    size -= step.bytes;
  }
  return !failed_;
}

bool SocketWriter::writeFileTls(int file_fd, std::uint64_t offset, std::uint64_t count) {
  std::vector<char> buffer(std::min<std::uint64_t>(count, std::uint64_t{256} * 1024));
  while (!failed_ && count > 0) {
    const ssize_t got =
        ::pread(file_fd, buffer.data(), std::min<std::uint64_t>(count, buffer.size()),
                static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      failed_ = true;  // a read error, or the file ended early
      break;
    }
    if (!writeTls(buffer.data(), static_cast<std::size_t>(got))) break;
    offset += static_cast<std::uint64_t>(got);
    count -= static_cast<std::uint64_t>(got);
  }
  return !failed_;
}

}  // namespace smee::http
