#include "direct_body.h"

#include <Poco/Exception.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/StreamSocketImpl.h>
#include <sys/sendfile.h>

#include <algorithm>
#include <cerrno>

namespace smee::http {

void DirectBody::begin(std::int64_t content_length) {
  if (content_length >= 0) {
    response_.setContentLength64(content_length);
  } else {
    response_.setChunkedTransferEncoding(true);
  }
  body_ = &response_.send();
  if (content_length >= 0 && socket_) {
    // Headers and body leave in separate writes: without TCP_NODELAY the
    // body's last small segment waits for the client's delayed ACK (40 ms
    // per request on a keep-alive connection).
    socket_->setNoDelay(true);
    body_->flush();  // the header block, so that body bytes follow it
    direct_ = true;
  }
}

bool DirectBody::write(const char* data, std::size_t size) {
  if (failed_ || !body_) return false;
  try {
    if (!direct_) {
      body_->write(data, static_cast<std::streamsize>(size));
      failed_ = !body_->good();
      return !failed_;
    }
    while (size > 0) {
      int sent = socket_->sendBytes(data, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
      if (sent <= 0) {
        failed_ = true;
        return false;
      }
      data += sent;
      size -= static_cast<std::size_t>(sent);
    }
    return true;
  } catch (const Poco::Exception&) {
    failed_ = true;  // the client went away
    return false;
  }
}

bool DirectBody::writeFile(int fd, std::uint64_t offset, std::uint64_t count) {
  if (failed_ || !direct_) return false;
  // The kernel copies from the page cache to the socket, as nginx does.
  const int socket_fd = socket_->impl()->sockfd();
  auto at = static_cast<off_t>(offset);
  while (count > 0) {
    const ssize_t sent = ::sendfile(socket_fd, fd, &at, std::min<std::uint64_t>(count, 1 << 30));
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) {
      failed_ = true;
      return false;
    }
    count -= static_cast<std::uint64_t>(sent);
  }
  return true;
}

}  // namespace smee::http
