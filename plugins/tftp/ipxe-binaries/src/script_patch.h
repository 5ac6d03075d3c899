#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smee::ipxe_binaries {

// The 131-byte marker Tinkerbell's iPXE builds carry in their embedded
// script: "#" + 64 hex + "\n" + "#" + 64 hex (spec 4.4).
std::string_view scriptPatchMarker();

// Where the marker starts in `bytes`, or npos.
std::size_t findMarker(std::span<const std::uint8_t> bytes);

// A copy of `bytes` with the marker blanked to spaces and `patch` written
// at its start. The length never changes. `patch` must be at most 131
// bytes (checked at configuration time).
std::vector<std::uint8_t> applyScriptPatch(std::span<const std::uint8_t> bytes, std::size_t at,
                                           std::string_view patch);

}  // namespace smee::ipxe_binaries
