#pragma once

#include <cstdint>
#include <string>

#include "arch_binaries.h"
#include "smee/net/ipv4.h"
#include "smee/net/mac_address.h"

namespace smee::dhcp {

// Where netboot clients are sent: resolved once from the dhcp block (spec
// 1.3 flags) with the public IP filled in for unset addresses.
struct BootSettings {
  Ipv4Address ip_for_packet;  // option 54, reservation siaddr
  Ipv4Address syslog_ip;      // option 7
  Ipv4Address tftp_ip;
  std::uint16_t tftp_port = 69;
  std::string http_binary_scheme = "http";
  std::string http_binary_host;  // IP or name
  std::uint16_t http_binary_port = 8080;
  std::string http_binary_path = "/ipxe/";
  std::string script_url;  // without the MAC (spec 2.4)
  bool script_prepend_mac = true;
  // How a client already running iPXE (user class iPXE) is treated: false
  // (default) gives it the script URL directly, right for stock iPXE such
  // as Debian's, which would otherwise chain into itself forever; true
  // chain-loads smeed's binary as Smee does, right for Tinkerbell-built
  // binaries that identify as user class "Tinkerbell".
  bool ipxe_chain = false;
  ArchBinaries binaries;
};

// `url` with "<mac>/" inserted before its last path element (spec 2.4).
std::string prependMac(const std::string& url, const MacAddress& mac);

// The script URL for one machine: the hardware's own URL when set, else
// the global one, MAC-prefixed when configured.
std::string scriptUrlFor(const BootSettings& settings, const MacAddress& mac,
                         const std::string& hardware_url);

// http://host:port/ipxe/ (the port is always written, as Smee does).
std::string httpBinaryBase(const BootSettings& settings);

// The script URL from its parts; the port is left out for http/80 and
// https/443.
std::string composeScriptUrl(const std::string& scheme, const std::string& host, std::uint16_t port,
                             const std::string& path);

}  // namespace smee::dhcp
