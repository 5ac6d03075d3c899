#include "http_request.h"

#include <charconv>

namespace smee::http {
namespace {

// tchar of RFC 9110 5.6.2.
bool isTokenChar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

bool isToken(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!isTokenChar(c)) return false;
  }
  return true;
}

std::string_view trimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits off one line (CRLF or LF); the line is returned without its end.
std::string_view takeLine(std::string_view& rest) {
  auto nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

HeadParse malformed(int status, std::string_view why) {
  HeadParse result;
  result.status = HeadStatus::Malformed;
  result.error_status = status;
  result.error = why;
  return result;
}

bool hasToken(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    auto comma = list.find(',');
    if (sameFieldName(trimOws(list.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

HeadParse parseRequestLine(std::string_view line, HttpRequest& out) {
  auto sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return malformed(400, "request line without a target");
  auto sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) return malformed(400, "request line without a version");
  out.method = line.substr(0, sp1);
  out.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!isToken(out.method)) return malformed(400, "bad method");
  if (out.target.empty()) return malformed(400, "empty target");
  for (unsigned char c : out.target) {
    if (c <= 0x20 || c == 0x7f) return malformed(400, "bad byte in the target");
  }
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' ||
      version[5] < '0' || version[5] > '9' || version[7] < '0' || version[7] > '9') {
    return malformed(400, "bad HTTP version");
  }
  if (version[5] != '1') return malformed(505, "HTTP version not supported");
  out.minor_version = version[7] - '0';
  return {HeadStatus::Complete, 0, 0, {}};
}

HeadParse readField(std::string_view line, HttpRequest& out, bool& have_length) {
  if (line.front() == ' ' || line.front() == '\t') return malformed(400, "folded header line");
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return malformed(400, "header line without a colon");
  std::string_view name = line.substr(0, colon);
  if (!isToken(name)) return malformed(400, "bad header name");
  std::string_view value = trimOws(line.substr(colon + 1));
  for (unsigned char c : value) {
    if ((c < 0x20 && c != '\t') || c == 0x7f)
      return malformed(400, "control byte in a header value");
  }
  if (out.headers.size() >= kMaxHeaderFields) return malformed(431, "too many header fields");
  out.headers.push_back({name, value});
  if (sameFieldName(name, "Transfer-Encoding")) {
    return malformed(501, "request bodies with Transfer-Encoding are not accepted");
  }
  if (sameFieldName(name, "Content-Length")) {
    std::uint64_t length = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (value.empty() || ec != std::errc() || end != value.data() + value.size()) {
      return malformed(400, "bad Content-Length");
    }
    if (have_length && length != out.content_length)
      return malformed(400, "conflicting Content-Length");
    have_length = true;
    out.content_length = length;
  }
  return {HeadStatus::Complete, 0, 0, {}};
}

}  // namespace

bool sameFieldName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    unsigned char x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x >= 'A' && x <= 'Z') x |= 0x20;
    if (y >= 'A' && y <= 'Z') y |= 0x20;
    if (x != y) return false;
  }
  return true;
}

std::string_view HttpRequest::header(std::string_view name) const {
  for (const auto& field : headers) {
    if (sameFieldName(field.name, name)) return field.value;
  }
  return {};
}

bool HttpRequest::keepAlive() const {
  std::string_view connection = header("Connection");
  if (minor_version == 0) return hasToken(connection, "keep-alive");
  return !hasToken(connection, "close");
}

std::size_t findHeadEnd(std::string_view buffer, std::size_t scan_from) {
  // Empty lines before the request line do not end the head.
  std::size_t start = 0;
  while (start < buffer.size() && (buffer[start] == '\r' || buffer[start] == '\n')) ++start;
  std::size_t at = std::max(scan_from, start);
  while (at < buffer.size()) {
    auto nl = buffer.find('\n', at);
    if (nl == std::string_view::npos) return 0;
    // A line end followed by an empty line: "\n\n" or "\n\r\n".
    if (nl + 1 < buffer.size() && buffer[nl + 1] == '\n') return nl + 2;
    if (nl + 2 < buffer.size() && buffer[nl + 1] == '\r' && buffer[nl + 2] == '\n') return nl + 3;
    at = nl + 1;
  }
  return 0;
}

HeadParse parseRequestHead(std::string_view buffer, HttpRequest& out, std::size_t scan_from) {
  // Step back so that a line end split across two reads is found.
  const std::size_t end = findHeadEnd(buffer, scan_from > 3 ? scan_from - 3 : 0);
  if (end == 0) return {};
  out = HttpRequest{};
  std::string_view rest = buffer.substr(0, end);
  while (!rest.empty() && (rest.front() == '\r' || rest.front() == '\n')) takeLine(rest);
  HeadParse line = parseRequestLine(takeLine(rest), out);
  if (line.status == HeadStatus::Malformed) return line;
  bool have_length = false;
  for (std::string_view field = takeLine(rest); !field.empty(); field = takeLine(rest)) {
    HeadParse parsed = readField(field, out, have_length);
    if (parsed.status == HeadStatus::Malformed) return parsed;
  }
  // A missing Host is accepted: RFC 9112 3.2 asks for a 400, but nothing
  // here depends on Host and old PXE tools leave it out.
  return {HeadStatus::Complete, end, 0, {}};
}

}  // namespace smee::http
