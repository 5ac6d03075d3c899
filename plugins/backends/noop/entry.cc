#include "noop_backend.h"
#include "smee/plugin_entry.h"

SMEE_PLUGIN_FACTORY(smee::plugins::backend_noop::NoopBackendPlugin)

namespace {
constexpr const char* kProvides[] = {"smee.backend/v1:noop", nullptr};
constexpr const char* kRequires[] = {nullptr};
constexpr smee_plugin_descriptor_v1 kDescriptor{
    .abi_version = SMEE_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(smee_plugin_descriptor_v1),
    .name = "backend-noop",
    .version = SMEE_VERSION,
    .build_signature = SMEE_BUILD_SIGNATURE,
    .description = "hardware backend with no data (for DHCP auto-proxy mode)",
    .provides = kProvides,
    .requires_ = kRequires,
    .flags = SMEE_PLUGIN_THREAD_SAFE | SMEE_PLUGIN_SINGLETON,
    .create = smeeCreatePlugin,
    .destroy = smeeDestroyPlugin,
    .reserved = {},
};
}  // namespace

SMEE_PLUGIN_ENTRY(kDescriptor)
