#pragma once

#include <string_view>

#include "smee/proto/dhcp4/packet.h"
#include "smee/trace/tracer.h"

namespace smee::dhcp {

// Smee's DHCP span attributes (internal/dhcp/otel): `DHCP.<side>.Header.*`
// for the header fields and `DHCP.<side>.Opt<N>.<Name>` for options 1, 3, 6,
// 12, 15, 28, 42, 51, 53, 54, 60, 93, 94, 97 and 119 when present, where
// <side> is "request" or "reply". Dashboards built on Smee's traces keep
// working.
void addPacketAttributes(ScopedSpan& span, std::string_view side, const dhcp4::Packet& packet);

}  // namespace smee::dhcp
