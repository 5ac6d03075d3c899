#pragma once

#include <cstdint>
#include <vector>

namespace smee::dhcp4 {

// Network byte order appended to a packet or option being built.
inline void putU16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

inline void putU32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  putU16(out, static_cast<std::uint16_t>(v >> 16));
  putU16(out, static_cast<std::uint16_t>(v));
}

}  // namespace smee::dhcp4
