#pragma once

#include <cstdint>
#include <span>

#include "smee/net/ipv4.h"

namespace smee::dhcp {

// One received datagram and where it came in. The bytes belong to the
// receive buffer (or the worker queue's copy) and live while it is handled.
struct Datagram {
  std::span<const std::uint8_t> bytes;
  Ipv4Address source;
  std::uint16_t source_port = 0;
  int interface_index = 0;
  Ipv4Address local_address;  // ipi_spec_dst: this host's address on that interface
};

}  // namespace smee::dhcp
