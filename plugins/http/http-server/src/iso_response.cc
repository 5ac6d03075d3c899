#include "iso_response.h"

#include <cstdio>
#include <string>

#include "http_reply.h"

namespace smee::http {

void SocketIsoResponse::begin(int status, const std::vector<IsoHeader>& headers,
                              std::int64_t content_length) {
  std::vector<std::pair<std::string, std::string>> fields;
  fields.reserve(headers.size());
  for (const auto& h : headers) {
    if (!h.name.empty()) fields.emplace_back(h.name, h.value);
  }
  const bool has_body = !head_request_ && status != 304 && status != 204;
  // An unknown length is chunked; HTTP/1.0 has no chunks, so its end is
  // the connection's end.
  chunked_ = has_body && content_length < 0 && keep_alive_ && !http10_keep_alive_;
  if (content_length < 0 && has_body && !chunked_) keep_alive_ = false;
  const std::int64_t announced = chunked_                    ? kChunked
                                 : content_length >= 0       ? content_length
                                 : has_body || head_request_ ? kUntilClose
                                                             : 0;
  const std::string head =
      serializeHead(status, fields, announced, keep_alive_, http10_keep_alive_, httpDateNow());
  begun_ = true;
  writer_.write(head.data(), head.size());
}

bool SocketIsoResponse::write(const char* data, std::size_t size) {
  if (head_request_) return !writer_.failed();
  if (!chunked_) return writer_.write(data, size);
  if (size == 0) return !writer_.failed();
  char prefix[24];
  int n = std::snprintf(prefix, sizeof prefix, "%zx\r\n", size);
  return writer_.write(prefix, static_cast<std::size_t>(n)) && writer_.write(data, size) &&
         writer_.write("\r\n", 2);
}

bool SocketIsoResponse::writeFile(int fd, std::uint64_t offset, std::uint64_t count) {
  if (chunked_ || head_request_) return IsoResponse::writeFile(fd, offset, count);
  return writer_.writeFile(fd, offset, count);
}

bool SocketIsoResponse::finish() {
  if (!chunked_) return !writer_.failed();
  return writer_.write("0\r\n\r\n", 5);
}

}  // namespace smee::http
