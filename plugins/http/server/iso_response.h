#pragma once

#include <Poco/Net/HTTPServerResponse.h>

#include "direct_body.h"
#include "smee/services/iso_patcher.h"

namespace smee::http {

// The iso plugin's view of a Poco response, written through DirectBody.
class PocoIsoResponse final : public IsoResponse {
 public:
  PocoIsoResponse(Poco::Net::HTTPServerResponse& response, Poco::Net::StreamSocket* socket)
      : response_(response), body_(response, socket) {}
  void begin(int status, const std::vector<IsoHeader>& headers,
             std::int64_t content_length) override;
  bool write(const char* data, std::size_t size) override;
  bool writeFile(int fd, std::uint64_t offset, std::uint64_t count) override;

 private:
  Poco::Net::HTTPServerResponse& response_;
  DirectBody body_;
};

}  // namespace smee::http
