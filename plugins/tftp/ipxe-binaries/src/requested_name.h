#pragma once

#include <string>
#include <string_view>

namespace smee::ipxe_binaries {

// A client's file request reduced to what is looked up (spec 4.1).
struct RequestedName {
  std::string path;     // relative path without a trace suffix, e.g. "aa:bb:../undionly.kpxe"
  std::string base;     // its last element: the binary name
  std::string mac;      // the directory element before it, when that is a MAC
  std::string refusal;  // non-empty: the request is refused, and why
};

// Strips a leading '/', refuses ".." elements, empty names, backslashes and
// control bytes, and removes a W3C trace-parent suffix Smee puts on binary
// names ("ipxe.efi-00-<32 hex>-<16 hex>-01") from the last element.
RequestedName parseRequestedName(std::string_view requested);

}  // namespace smee::ipxe_binaries
