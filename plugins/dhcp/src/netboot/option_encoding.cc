#include "option_encoding.h"

namespace smee::dhcp {
namespace {
void putSubOption(std::vector<std::uint8_t>& out, std::uint8_t code,
                  const std::vector<std::uint8_t>& data) {
  out.push_back(code);
  out.push_back(static_cast<std::uint8_t>(data.size()));
  out.insert(out.end(), data.begin(), data.end());
}
}  // namespace

std::vector<std::uint8_t> pxeVendorOptions(
    const Classification& client, const std::optional<std::array<std::uint8_t, 26>>& trace_parent,
    const std::string& vlan_id) {
  std::vector<std::uint8_t> out;
  putSubOption(out, 6, {0x08});
  if (client.raspberry_pi) {
    std::string boot = "Raspberry Pi Boot";
    std::vector<std::uint8_t> menu = {0x00, 0x00, 0x11};
    menu.insert(menu.end(), boot.begin(), boot.end());
    putSubOption(out, 9, menu);
    putSubOption(out, 10, {0x00, 'P', 'X', 'E'});
  }
  if (trace_parent)
    putSubOption(out, 69, std::vector<std::uint8_t>(trace_parent->begin(), trace_parent->end()));
  if (!vlan_id.empty() && vlan_id.size() <= 255) {
    putSubOption(out, 116, std::vector<std::uint8_t>(vlan_id.begin(), vlan_id.end()));
  }
  return out;
}

std::vector<std::uint8_t> domainSearchOption(const std::vector<std::string>& domains) {
  std::vector<std::uint8_t> out;
  for (const auto& domain : domains) {
    std::size_t start = 0;
    while (start < domain.size()) {
      auto dot = domain.find('.', start);
      auto label = domain.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      if (!label.empty() && label.size() <= 63) {
        out.push_back(static_cast<std::uint8_t>(label.size()));
        out.insert(out.end(), label.begin(), label.end());
      }
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    out.push_back(0);
  }
  return out;
}

std::vector<std::uint8_t> classlessRoutesOption(const std::vector<ClasslessRoute>& routes) {
  std::vector<std::uint8_t> out;
  for (const auto& route : routes) {
    out.push_back(static_cast<std::uint8_t>(route.destination.length));
    std::uint32_t net = route.destination.network.value();
    for (int i = 0; i < (route.destination.length + 7) / 8; ++i) {
      out.push_back(static_cast<std::uint8_t>(net >> (24 - 8 * i)));
    }
    std::uint32_t gw = route.router.value();
    for (int shift = 24; shift >= 0; shift -= 8)
      out.push_back(static_cast<std::uint8_t>(gw >> shift));
  }
  return out;
}

std::vector<std::uint8_t> ipxeNoProxyDhcpOption() { return {176, 1, 1}; }

}  // namespace smee::dhcp
