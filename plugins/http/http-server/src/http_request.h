#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smee::http {

struct HeaderField {
  std::string_view name;
  std::string_view value;  // without surrounding whitespace
};

// One request head as it arrived: views into the connection's buffer,
// valid until the connection reads again.
struct HttpRequest {
  std::string_view method;
  std::string_view target;
  int minor_version = 1;  // HTTP/1.<minor>
  std::vector<HeaderField> headers;
  std::uint64_t content_length = 0;  // body bytes that follow the head

  // The first field of that name (case-insensitive), or "" when absent.
  std::string_view header(std::string_view name) const;
  // HTTP/1.1 keeps the connection unless "Connection: close"; HTTP/1.0
  // only with "Connection: keep-alive".
  bool keepAlive() const;
};

enum class HeadStatus { Incomplete, Complete, Malformed };

struct HeadParse {
  HeadStatus status = HeadStatus::Incomplete;
  std::size_t length = 0;  // bytes of the head, its blank line included (Complete)
  int error_status = 400;  // Malformed: 400, 431 (too many fields), 501, 505
  std::string_view error;  // Malformed: why, for the log and the reply body
};

constexpr std::size_t kMaxHeaderFields = 100;

// Parses a request head (RFC 9112 2-6) from the start of `buffer`. Strict
// where leniency lets a request be read two ways: no whitespace before a
// field's colon, no line folding, no control bytes, one Content-Length, no
// Transfer-Encoding (a boot server takes no request bodies). Bare LF line
// ends and empty lines before the request line are accepted (RFC 9112 2.2).
// `scan_from` lets a caller that re-parses a growing buffer skip bytes
// already known not to end the head; it never changes the result.
HeadParse parseRequestHead(std::string_view buffer, HttpRequest& out, std::size_t scan_from = 0);

// The end of the head in `buffer` (the offset just past its blank line),
// or 0 when it has not arrived yet.
std::size_t findHeadEnd(std::string_view buffer, std::size_t scan_from = 0);

bool sameFieldName(std::string_view a, std::string_view b);

}  // namespace smee::http
