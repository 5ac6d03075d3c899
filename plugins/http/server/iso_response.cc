#include "iso_response.h"

#include <Poco/Net/HTTPResponse.h>

namespace smee::http {

void PocoIsoResponse::begin(int status, const std::vector<IsoHeader>& headers,
                            std::int64_t content_length) {
  response_.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  for (const auto& h : headers) {
    if (h.name.empty()) continue;
    response_.add(h.name, h.value);
  }
  body_.begin(content_length);
}

bool PocoIsoResponse::write(const char* data, std::size_t size) { return body_.write(data, size); }

bool PocoIsoResponse::writeFile(int fd, std::uint64_t offset, std::uint64_t count) {
  if (!body_.direct()) return IsoResponse::writeFile(fd, offset, count);
  return body_.writeFile(fd, offset, count);
}

}  // namespace smee::http
