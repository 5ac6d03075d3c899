#include "request_path.h"

#include <vector>

#include "smee/hex_digit.h"

namespace smee::http {

std::vector<std::string> pathElements(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start < path.size()) {
    auto slash = path.find('/', start);
    auto part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (!part.empty()) parts.push_back(part);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return parts;
}

std::string ipxeRequestName(const std::string& path) {
  constexpr std::string_view kPrefix = "/ipxe/";
  return path.size() > kPrefix.size() ? path.substr(kPrefix.size()) : std::string();
}

std::optional<std::string> normalizePath(std::string_view target) {
  auto query = target.find_first_of("?#");
  std::string_view raw = target.substr(0, query);
  std::string decoded;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const bool escape = raw[i] == '%' && i + 2 < raw.size();
    const int high = escape ? hexDigitValue(raw[i + 1]) : -1;
    const int low = escape ? hexDigitValue(raw[i + 2]) : -1;
    if (high >= 0 && low >= 0) {
      decoded.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else {
      decoded.push_back(raw[i]);
    }
  }
  if (decoded.find('\0') != std::string::npos) return std::nullopt;
  std::vector<std::string> kept;
  for (auto& part : pathElements(decoded)) {
    if (part == ".") continue;
    if (part == "..") {
      if (kept.empty()) return std::nullopt;
      kept.pop_back();
      continue;
    }
    kept.push_back(part);
  }
  std::string out;
  for (const auto& part : kept) out += "/" + part;
  if (out.empty()) out = "/";
  return out;
}

}  // namespace smee::http
