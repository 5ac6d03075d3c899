#include "requested_name.h"

#include <cctype>
#include <vector>

#include "smee/net/mac_address.h"

namespace smee::binaries {
namespace {

bool isHex(std::string_view text) {
  for (char c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// "<name>-vv-<32 hex>-<16 hex>-ff" -> "<name>" (ipxedust's regex, prefix match).
std::string withoutTraceSuffix(const std::string& name) {
  constexpr std::size_t kSuffix = 1 + 2 + 1 + 32 + 1 + 16 + 1 + 2;
  for (std::size_t at = name.find('-'); at != std::string::npos; at = name.find('-', at + 1)) {
    if (at == 0 || name.size() - at < kSuffix) break;
    std::string_view s(name.data() + at, kSuffix);
    if (s[3] == '-' && s[36] == '-' && s[53] == '-' && isHex(s.substr(1, 2)) &&
        isHex(s.substr(4, 32)) && isHex(s.substr(37, 16)) && isHex(s.substr(54, 2))) {
      return name.substr(0, at);
    }
  }
  return name;
}

std::vector<std::string> splitPath(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    auto part = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (!part.empty() && part != ".") parts.emplace_back(part);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

}  // namespace

RequestedName parseRequestedName(std::string_view requested) {
  RequestedName out;
  for (char c : requested) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '\\' || c == 0x7f) {
      out.refusal = "control byte or backslash in the name";
      return out;
    }
  }
  auto parts = splitPath(requested);
  if (parts.empty()) {
    out.refusal = "empty file name";
    return out;
  }
  for (const auto& part : parts) {
    if (part == "..") {
      out.refusal = "'..' in the name";
      return out;
    }
  }
  parts.back() = withoutTraceSuffix(parts.back());
  out.base = parts.back();
  if (parts.size() >= 2) {
    if (auto mac = MacAddress::parse(parts[parts.size() - 2])) out.mac = mac->toString();
  }
  for (const auto& part : parts) out.path += (out.path.empty() ? "" : "/") + part;
  return out;
}

}  // namespace smee::binaries
