#include "dhcp_plugin.h"
#include "smee/plugin_entry.h"

SMEE_PLUGIN_FACTORY(smee::dhcp::DhcpPlugin)

namespace {
constexpr const char* kProvides[] = {"smee.dhcp.handler/v1:reservation",
                                     "smee.dhcp.handler/v1:proxy",
                                     "smee.dhcp.handler/v1:auto-proxy", nullptr};
constexpr const char* kRequires[] = {"smee.backend/v1", "smee.dhcp.handler/v1", nullptr};
constexpr smee_plugin_descriptor_v1 kDescriptor{
    .abi_version = SMEE_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(smee_plugin_descriptor_v1),
    .name = "dhcp",
    .version = SMEE_VERSION,
    .build_signature = SMEE_BUILD_SIGNATURE,
    .description = "DHCPv4 server for netboot: reservation, proxy and auto-proxy modes",
    .provides = kProvides,
    .requires_ = kRequires,
    .flags = SMEE_PLUGIN_THREAD_SAFE | SMEE_PLUGIN_SINGLETON,
    .create = smeeCreatePlugin,
    .destroy = smeeDestroyPlugin,
    .reserved = {},
};
}  // namespace

SMEE_PLUGIN_ENTRY(kDescriptor)
