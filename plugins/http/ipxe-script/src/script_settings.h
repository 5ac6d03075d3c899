#pragma once

#include <string>
#include <vector>

namespace smee::ipxe_script {

// The global values the scripts are made from (Smee's flags, spec 1.3).
struct ScriptSettings {
  std::string osie_url;                        // -osie-url: HookOS kernel and initrd
  std::string tink_server;                     // -tink-server: grpc_authority
  bool tink_server_tls = false;                // -tink-server-tls
  bool tink_server_insecure_tls = false;       // -tink-server-insecure-tls
  std::vector<std::string> extra_kernel_args;  // -extra-kernel-args, split on spaces
  int retries = 0;                             // -ipxe-script-retries
  int retry_delay = 2;                         // -ipxe-script-retry-delay, seconds
  std::string syslog_host;                     // -dhcp-syslog-ip
};

// Splits Smee's -extra-kernel-args value on spaces, dropping empty pieces.
std::vector<std::string> splitKernelArgs(const std::string& text);

}  // namespace smee::ipxe_script
