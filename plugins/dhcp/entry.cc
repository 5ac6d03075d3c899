#include "dhcp_plugin.h"
#include "smee/plugin_entry.h"

namespace {
constexpr const char* kProvides[] = {"smee.dhcp.handler/v1:reservation",
                                     "smee.dhcp.handler/v1:proxy",
                                     "smee.dhcp.handler/v1:auto-proxy", nullptr};
constexpr const char* kRequires[] = {"smee.backend/v1",          "smee.dhcp.handler/v1",
                                     "?smee.trace/v1:default",   "?smee.journey/v1:default",
                                     "?smee.dhcp.reply-hook/v1", nullptr};
}  // namespace

SMEE_DEFINE_PLUGIN(smee::dhcp::DhcpPlugin, "dhcp", SMEE_VERSION,
                   "DHCPv4 server for netboot: reservation, proxy and auto-proxy modes", kProvides,
                   kRequires, SMEE_PLUGIN_THREAD_SAFE)
