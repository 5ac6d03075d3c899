#include "boot_target.h"

namespace smee::dhcp {
namespace {

std::string scriptOrPlaceholder(const std::string& script_url) {
  return script_url.empty() ? "/no-ipxe-script-defined" : script_url;
}

// The HTTP binary host as an address. A DNS name falls back to the address
// used in packets (the monorepo's fix: Smee sent 0.0.0.0 and, in proxy
// mode, an empty option 54); an unset host stays 0.0.0.0 as in Smee.
Ipv4Address httpNextServer(const BootSettings& settings) {
  if (settings.http_binary_host.empty()) return Ipv4Address();
  auto ip = Ipv4Address::parse(settings.http_binary_host);
  return ip ? *ip : settings.ip_for_packet;
}

}  // namespace

std::optional<BootTarget> chooseBootTarget(const Classification& client,
                                           const BootSettings& settings,
                                           const std::string& script_url,
                                           const std::string& binary_override,
                                           const std::string& trace_suffix) {
  std::string binary =
      binary_override.empty() ? settings.binaries.binaryFor(client.arch) : binary_override;
  if (binary.empty()) return std::nullopt;
  binary += trace_suffix;
  BootTarget target;
  target.next_server =
      client.client_type == ClientType::HttpClient ? httpNextServer(settings) : settings.tftp_ip;
  std::string mac = client.mac.toString();
  if (client.user_class == kChainedUserClass) {
    target.file = scriptOrPlaceholder(script_url);
  } else if (client.client_type == ClientType::HttpClient) {
    target.file = httpBinaryBase(settings) + mac + "/" + binary;
    target.gives_binary = true;
  } else if (client.user_class == "iPXE") {
    if (settings.ipxe_chain) {
      target.file = "tftp://" + settings.tftp_ip.toString() + ":" +
                    std::to_string(settings.tftp_port) + "/" + mac + "/" + binary;
      target.gives_binary = true;
    } else {
      target.file = scriptOrPlaceholder(script_url);
    }
  } else {
    target.file = binary;
    target.gives_binary = true;
  }
  return target;
}

}  // namespace smee::dhcp
