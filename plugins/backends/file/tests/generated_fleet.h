#pragma once

#include <cstdint>
#include <string>

#include "smee/net/ipv4.h"
#include "smee/net/mac_address.h"

namespace smee::backend_file::testing {

// A fleet of machines written the way operators write one: most fields
// shared, a few per machine, some optional fields on some machines only.
// Machine i has MAC 02:00:00:xx:xx:xx (i), IP 10.(i/65536).(i/256).(i%256)+
// 10.0.0.0 offset, hostname node-<i>.
MacAddress fleetMac(std::uint32_t i);
Ipv4Address fleetIp(std::uint32_t i);
std::string fleetHostname(std::uint32_t i);
// Every 7th machine has a per-machine script URL, every 5th is in rack
// "r<i%3>" facility, every 11th is disabled, every 13th has two routes.
std::string smeeFleet(std::uint32_t count);
// The same machines as Hardware objects, as `kubectl get hardware -o yaml`
// prints them: a List with apiVersion and items before kind.
std::string hardwareListFleet(std::uint32_t count);

}  // namespace smee::backend_file::testing
