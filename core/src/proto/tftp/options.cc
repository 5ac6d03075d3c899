#include "smee/proto/tftp/options.h"

#include <charconv>

namespace smee::tftp {
namespace {

// A decimal option value; nullopt for anything else (signs, spaces, junk).
std::optional<std::uint64_t> number(const std::string& text) {
  std::uint64_t value = 0;
  if (text.empty() || text.size() > 19) return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

Negotiated negotiate(const Request& request, const NegotiationLimits& limits,
                     std::uint64_t file_size) {
  Negotiated n;
  for (const auto& option : request.options) {
    auto value = number(option.value);
    if (option.name == "blksize") {
      // RFC 2348: 8..65464; the server may answer with a smaller size.
      if (!value || *value < 8 || *value > 65464) continue;
      n.blksize = static_cast<std::uint16_t>(std::min<std::uint64_t>(*value, limits.max_blksize));
      n.acknowledged.push_back({"blksize", std::to_string(n.blksize)});
    } else if (option.name == "timeout") {
      // RFC 2349: 1..255 seconds, echoed unchanged or not at all.
      if (!value || *value < 1 || *value > 255) continue;
      n.timeout = std::chrono::seconds(*value);
      n.acknowledged.push_back({"timeout", option.value});
    } else if (option.name == "tsize") {
      // RFC 2349: a read request sends 0 and learns the size.
      if (!value || request.opcode != Opcode::Rrq) continue;
      n.acknowledged.push_back({"tsize", std::to_string(file_size)});
    } else if (option.name == "windowsize") {
      // RFC 7440: 1..65535; the server may answer with a smaller window.
      if (!limits.allow_windowsize || !value || *value < 1 || *value > 65535) continue;
      n.windowsize =
          static_cast<std::uint16_t>(std::min<std::uint64_t>(*value, limits.max_windowsize));
      n.acknowledged.push_back({"windowsize", std::to_string(n.windowsize)});
    }
  }
  return n;
}

}  // namespace smee::tftp
