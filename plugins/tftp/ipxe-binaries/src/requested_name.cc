#include "requested_name.h"

#include <vector>

#include "smee/net/mac_address.h"
#include "smee/trace/trace_context.h"

namespace smee::ipxe_binaries {
namespace {

std::vector<std::string> splitPath(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    auto part = path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
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
  // The trace suffix comes off before the checks: it can be the whole last
  // element ("-00-<trace>-<span>-01") or hide a "." or ".." in front of it.
  if (!parts.empty()) parts.back() = splitTraceSuffix(parts.back()).name;
  if (parts.empty() || parts.back().empty() || parts.back() == ".") {
    out.refusal = "empty file name";
    return out;
  }
  for (const auto& part : parts) {
    if (part == "..") {
      out.refusal = "'..' in the name";
      return out;
    }
  }
  out.base = parts.back();
  if (parts.size() >= 2) {
    if (auto mac = MacAddress::parse(parts[parts.size() - 2])) out.mac = mac->toString();
  }
  for (const auto& part : parts) out.path += (out.path.empty() ? "" : "/") + part;
  return out;
}

}  // namespace smee::ipxe_binaries
