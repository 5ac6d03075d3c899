#include "public_ip.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/route.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace smee {
namespace {

bool isLoopback(Ipv4Address a) { return (a.value() >> 24) == 127; }
bool isLinkLocal(Ipv4Address a) { return (a.value() >> 16) == 0xa9fe; }
bool isMulticast(Ipv4Address a) { return (a.value() >> 28) == 0xe; }

// Go's net.IP.IsGlobalUnicast for IPv4; private ranges count as global.
bool isGlobalUnicast(Ipv4Address a) {
  return !a.isUnspecified() && !isLoopback(a) && !isLinkLocal(a) && !isMulticast(a) &&
         a.value() != 0xffffffffu;
}

std::optional<Ipv4Address> firstAddressOf(const NetworkSnapshot& snapshot,
                                          std::string_view interface, bool skip_loopback) {
  for (const auto& entry : snapshot.addresses) {
    if (entry.interface != interface) continue;
    if (skip_loopback && isLoopback(entry.address)) continue;
    return entry.address;
  }
  return std::nullopt;
}

}  // namespace

NetworkSnapshot readNetworkSnapshot() {
  NetworkSnapshot snapshot;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) == 0) {
    for (ifaddrs* it = list; it; it = it->ifa_next) {
      if (std::find(snapshot.interfaces.begin(), snapshot.interfaces.end(), it->ifa_name) ==
          snapshot.interfaces.end()) {
        snapshot.interfaces.emplace_back(it->ifa_name);
      }
      if (!it->ifa_addr || it->ifa_addr->sa_family != AF_INET) continue;
      const auto* sin = reinterpret_cast<const sockaddr_in*>(it->ifa_addr);
      snapshot.addresses.push_back({it->ifa_name, Ipv4Address(ntohl(sin->sin_addr.s_addr))});
    }
    ::freeifaddrs(list);
  }
  // /proc/net/route lists the main table in kernel order; fields are hex in
  // network byte order: Iface Destination Gateway Flags ...
  std::ifstream routes("/proc/net/route");
  std::string line;
  std::getline(routes, line);  // header
  while (std::getline(routes, line)) {
    std::istringstream fields(line);
    std::string iface;
    std::string destination, gateway, flags;
    if (!(fields >> iface >> destination >> gateway >> flags)) continue;
    unsigned long dest = std::strtoul(destination.c_str(), nullptr, 16);
    unsigned long gw = std::strtoul(gateway.c_str(), nullptr, 16);
    unsigned long fl = std::strtoul(flags.c_str(), nullptr, 16);
    if (dest != 0 || gw == 0 || !(fl & RTF_GATEWAY)) continue;
    snapshot.default_routes.push_back({iface, Ipv4Address(ntohl(static_cast<std::uint32_t>(gw)))});
  }
  return snapshot;
}

std::optional<Ipv4Address> detectPublicIpv4(const NetworkSnapshot& snapshot,
                                            std::string_view preferred_interface) {
  if (!preferred_interface.empty()) {
    if (auto found = firstAddressOf(snapshot, preferred_interface, false)) return found;
  }
  for (const auto& route : snapshot.default_routes) {
    if (auto found = firstAddressOf(snapshot, route.interface, true)) return found;
  }
  for (const auto& entry : snapshot.addresses) {
    if (isGlobalUnicast(entry.address)) return entry.address;
  }
  return std::nullopt;
}

}  // namespace smee
