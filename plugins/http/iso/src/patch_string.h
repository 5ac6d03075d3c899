#pragma once

#include <string>
#include <vector>

#include "smee/services/backend.h"

namespace smee::iso {

// The global values a machine's kernel arguments are made from (Smee's
// -extra-kernel-args, -dhcp-syslog-ip, -tink-server, -tink-server-tls,
// -iso-static-ipam-enabled).
struct PatchSettings {
  std::vector<std::string> extra_kernel_args;
  std::string syslog_host;
  std::string tink_server;
  bool tink_server_tls = false;
  bool static_ipam = false;
};

// The console part: default consoles, or `facility=` before them, or only
// `facility=` when the facility itself carries console= (Smee lets the
// facility field double as a console override).
std::string consoleArgs(const std::string& facility);

// `ipam=<mac-dashes>:<vlan>:<ip>:<netmask>:<gateway>:<hostname>:<dns,..>:<search,..>:<ntp,..>`
// for HookOS's static network set-up; absent values stay empty.
std::string staticIpamArg(const HardwareRecord& hw);

// The string written over the magic string, in Smee's field order and with
// its spacing (empty fields leave double spaces, as Smee's golden test has
// it): extra args, consoles, vlan_id, hw_addr, syslog_host, grpc_authority,
// tinkerbell_tls, worker_id, then ipam= when static IPAM is on.
std::string buildPatch(const HardwareRecord& hw, const PatchSettings& settings);

// Splits a space-separated argument list, dropping empty pieces.
std::vector<std::string> splitArgs(const std::string& text);

}  // namespace smee::iso
