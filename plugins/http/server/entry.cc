#include "http_plugin.h"
#include "smee/plugin_entry.h"

SMEE_PLUGIN_FACTORY(smee::http::HttpPlugin)

namespace {
constexpr const char* kProvides[] = {nullptr};
constexpr const char* kRequires[] = {"smee.ipxe.binaries/v1:default", "smee.backend/v1",
                                     "smee.ipxe.script/v1", nullptr};
constexpr smee_plugin_descriptor_v1 kDescriptor{
    .abi_version = SMEE_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(smee_plugin_descriptor_v1),
    .name = "http",
    .version = SMEE_VERSION,
    .build_signature = SMEE_BUILD_SIGNATURE,
    .description = "HTTP: iPXE binaries, auto.ipxe scripts, /metrics, health",
    .provides = kProvides,
    .requires_ = kRequires,
    .flags = SMEE_PLUGIN_THREAD_SAFE | SMEE_PLUGIN_SINGLETON,
    .create = smeeCreatePlugin,
    .destroy = smeeDestroyPlugin,
    .reserved = {},
};
}  // namespace

SMEE_PLUGIN_ENTRY(kDescriptor)
