#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smee/export.h"
#include "smee/net/ipv4.h"

namespace smee {

struct InterfaceAddress {
  std::string interface;
  Ipv4Address address;
};

struct DefaultRoute {
  std::string interface;
  Ipv4Address gateway;
};

// The parts of the host's network configuration that public-IP detection
// reads, in system order. Separate from the reading so the rules are testable.
struct NetworkSnapshot {
  std::vector<InterfaceAddress> addresses;
  std::vector<DefaultRoute> default_routes;  // kernel order, gateway set
  std::vector<std::string> interfaces;       // names of interfaces that exist
};

// getifaddrs() for addresses, /proc/net/route for default routes.
SMEE_API NetworkSnapshot readNetworkSnapshot();

// Smee's detectPublicIPv4 (spec 1.2): the first IPv4 of `preferred_interface`
// (SMEE_PUBLIC_IP_INTERFACE) if it exists and has one; else the first
// non-loopback IPv4 of the interface of the first default route with a
// gateway; else the first global unicast IPv4 of any interface.
SMEE_API std::optional<Ipv4Address> detectPublicIpv4(const NetworkSnapshot& snapshot,
                                                     std::string_view preferred_interface);

}  // namespace smee
