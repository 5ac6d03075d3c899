#pragma once

#include <optional>
#include <string>

#include "boot_settings.h"
#include "classification.h"

namespace smee::dhcp {

// The `file` and `siaddr` of a netboot reply (spec 2.3).
struct BootTarget {
  std::string file;
  Ipv4Address next_server;
  // The reply hands out an iPXE binary (as opposed to a script URL); such
  // replies carry the user-class marker that chain-loaded iPXE echoes back.
  bool gives_binary = false;
};

// The user class that marks "iPXE started by smeed": Tinkerbell's builds
// set it themselves, and Debian's undionly.kpxe copies it from the reply
// that loaded it, so its next DHCP round asks for the script.
inline constexpr const char* kChainedUserClass = "Tinkerbell";

// First match wins: user class Tinkerbell -> script URL; HTTPClient ->
// binary over HTTP; user class iPXE -> script URL (stock iPXE) or the
// binary over tftp:// (ipxe_chain); otherwise the bare binary name for
// TFTP. nullopt when no binary is known for the architecture.
// `trace_suffix` ("-00-<trace>-<span>-01" or empty) follows the binary name
// wherever one is handed out (spec 2.3).
std::optional<BootTarget> chooseBootTarget(const Classification& client,
                                           const BootSettings& settings,
                                           const std::string& script_url,
                                           const std::string& binary_override,
                                           const std::string& trace_suffix = {});

}  // namespace smee::dhcp
