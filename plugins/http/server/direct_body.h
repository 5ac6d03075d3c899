#pragma once

#include <Poco/Net/HTTPServerResponse.h>

#include <cstddef>
#include <cstdint>
#include <ostream>

namespace Poco::Net {
class StreamSocket;
}

namespace smee::http {

// A response body written in large pieces. Poco's response streams (and
// sendBuffer(), which writes through one) cut a body into 4 KiB send()s;
// with the length known, the header block is flushed and the body goes
// straight to the connection's socket: one send() per piece, or sendfile()
// from a file as nginx does. Without a socket, or with an unknown length
// (chunked), it falls back to Poco's stream.
class DirectBody {
 public:
  DirectBody(Poco::Net::HTTPServerResponse& response, Poco::Net::StreamSocket* socket)
      : response_(response), socket_(socket) {}

  // Sends the status line and the headers set on the response so far;
  // `content_length` < 0 means chunked.
  void begin(std::int64_t content_length);
  // False once the client has gone away.
  bool write(const char* data, std::size_t size);
  // sendfile() of a file's bytes; only when direct().
  bool writeFile(int fd, std::uint64_t offset, std::uint64_t count);
  bool direct() const { return direct_; }

 private:
  Poco::Net::HTTPServerResponse& response_;
  Poco::Net::StreamSocket* socket_;  // null: always through the stream
  std::ostream* body_ = nullptr;
  bool direct_ = false;
  bool failed_ = false;
};

}  // namespace smee::http
