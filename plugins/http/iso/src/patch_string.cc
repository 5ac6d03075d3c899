#include "patch_string.h"

#include <sstream>

namespace smee::iso {
namespace {

constexpr const char* kDefaultConsoles =
    "console=ttyAMA0 console=ttyS0 console=tty0 console=tty1 console=ttyS1";

template <class T>
std::string joined(const std::vector<T>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    if constexpr (std::is_same_v<T, std::string>) {
      out += item;
    } else {
      out += item.toString();
    }
  }
  return out;
}

template <class T>
std::string optionalText(const std::optional<T>& value) {
  return value ? value->toString() : std::string();
}

}  // namespace

std::vector<std::string> splitArgs(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string piece; in >> piece;) out.push_back(piece);
  return out;
}

std::string consoleArgs(const std::string& facility) {
  if (facility.empty()) return kDefaultConsoles;
  if (facility.find("console=") != std::string::npos) return "facility=" + facility;
  return "facility=" + facility + " " + kDefaultConsoles;
}

std::string staticIpamArg(const HardwareRecord& hw) {
  const DhcpRecord& d = hw.dhcp;
  return "ipam=" + d.mac.toString(MacAddress::Format::Dash) + ":" + d.vlan_id + ":" +
         optionalText(d.ip) + ":" + optionalText(d.subnet_mask) + ":" +
         optionalText(d.default_gateway) + ":" + d.hostname + ":" + joined(d.name_servers, ",") +
         ":" + joined(d.domain_search, ",") + ":" + joined(d.ntp_servers, ",");
}

std::string buildPatch(const HardwareRecord& hw, const PatchSettings& settings) {
  const std::string mac = hw.dhcp.mac.toString();
  std::vector<std::string> fields = {
      joined(settings.extra_kernel_args, " "),
      consoleArgs(hw.netboot.facility),
      hw.dhcp.vlan_id.empty() ? std::string() : "vlan_id=" + hw.dhcp.vlan_id,
      "hw_addr=" + mac,
      "syslog_host=" + settings.syslog_host,
      "grpc_authority=" + settings.tink_server,
      std::string("tinkerbell_tls=") + (settings.tink_server_tls ? "true" : "false"),
      "worker_id=" + mac,
  };
  if (settings.static_ipam) fields.push_back(staticIpamArg(hw));
  // Every field keeps its separator, empty or not (Smee's spacing).
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? " " : "") + fields[i];
  return out;
}

}  // namespace smee::iso
