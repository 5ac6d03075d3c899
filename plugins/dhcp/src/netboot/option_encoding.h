#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "classification.h"
#include "smee/services/backend.h"

namespace smee::dhcp {

// Option 43 (PXE vendor options): sub-option 6 = 8 (skip discovery, boot
// from `file`); with `trace_parent` the 26-byte sub-option 69 Smee always
// sends in reservation mode (the packet's trace context; all zero without
// tracing); for a Raspberry Pi
// the sub-options 9 and 10 its EEPROM looks for; sub-option 116 = VLAN id
// when the hardware has one (read by Tinkerbell's iPXE script). Sorted by
// code, no trailing End, as Smee writes it.
std::vector<std::uint8_t> pxeVendorOptions(
    const Classification& client, const std::optional<std::array<std::uint8_t, 26>>& trace_parent,
    const std::string& vlan_id);

// Option 119 (RFC 3397) without compression, as Smee writes it.
std::vector<std::uint8_t> domainSearchOption(const std::vector<std::string>& domains);

// Option 121 (RFC 3442): prefix length, significant octets, router.
std::vector<std::uint8_t> classlessRoutesOption(const std::vector<ClasslessRoute>& routes);

// Option 175 with sub-option 176 (no-pxedhcp) = 1: tells iPXE not to wait
// about 3 s for ProxyDHCP offers when the server answers everything.
std::vector<std::uint8_t> ipxeNoProxyDhcpOption();

}  // namespace smee::dhcp
