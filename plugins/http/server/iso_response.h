#pragma once

#include <Poco/Net/HTTPServerResponse.h>

#include <ostream>

#include "smee/services/iso_patcher.h"

namespace Poco::Net {
class StreamSocket;
}

namespace smee::http {

// The iso plugin's view of a Poco response. A body of known length goes
// straight to the socket in large writes (Poco's response stream would cut
// it into 4 KiB sends); an unknown length is chunked through Poco.
class PocoIsoResponse final : public IsoResponse {
 public:
  PocoIsoResponse(Poco::Net::HTTPServerResponse& response, Poco::Net::StreamSocket* socket)
      : response_(response), socket_(socket) {}
  void begin(int status, const std::vector<IsoHeader>& headers,
             std::int64_t content_length) override;
  bool write(const char* data, std::size_t size) override;
  bool writeFile(int fd, std::uint64_t offset, std::uint64_t count) override;

 private:
  Poco::Net::HTTPServerResponse& response_;
  Poco::Net::StreamSocket* socket_;  // null: always through the stream
  std::ostream* body_ = nullptr;
  bool direct_ = false;
  bool failed_ = false;
};

}  // namespace smee::http
