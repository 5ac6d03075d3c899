#include "http_reply.h"

#include <ctime>

namespace smee::http {

std::string_view Reply::bodyView() const {
  if (!image) return body;
  return {reinterpret_cast<const char*>(image->bytes.data() + image_first), image_count};
}

std::string_view reasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 206:
      return "Partial Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 416:
      return "Range Not Satisfiable";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return status < 300   ? "OK"
             : status < 400 ? "Redirect"
             : status < 500 ? "Client Error"
                            : "Server Error";
  }
}

std::string serializeHead(int status,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          std::int64_t content_length, bool keep_alive, bool http10_keep_alive,
                          std::string_view date) {
  std::string head;
  head.reserve(160 + headers.size() * 48);
  head += "HTTP/1.1 ";
  head += std::to_string(status);
  head += ' ';
  head += reasonPhrase(status);
  head += "\r\nDate: ";
  head += date;
  head += "\r\n";
  for (const auto& [name, value] : headers) {
    head += name;
    head += ": ";
    head += value;
    head += "\r\n";
  }
  if (content_length >= 0) {
    head += "Content-Length: ";
    head += std::to_string(content_length);
    head += "\r\n";
  } else if (content_length == kChunked) {
    head += "Transfer-Encoding: chunked\r\n";
  }
  if (!keep_alive) {
    head += "Connection: close\r\n";
  } else if (http10_keep_alive) {
    head += "Connection: keep-alive\r\n";
  }
  head += "\r\n";
  return head;
}

std::string_view httpDateNow() {
  thread_local std::time_t cached_second = 0;
  thread_local char text[40] = {};
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached_second = now;
  }
  return text;
}

}  // namespace smee::http
