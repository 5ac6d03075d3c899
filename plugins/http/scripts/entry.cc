#include "scripts_plugin.h"
#include "smee/plugin_entry.h"

SMEE_PLUGIN_FACTORY(smee::scripts::ScriptsPlugin)

namespace {
constexpr const char* kProvides[] = {"smee.ipxe.script/v1:hook", "smee.ipxe.script/v1:custom",
                                     "smee.ipxe.script/v1:static", nullptr};
constexpr const char* kRequires[] = {nullptr};
constexpr smee_plugin_descriptor_v1 kDescriptor{
    .abi_version = SMEE_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(smee_plugin_descriptor_v1),
    .name = "ipxe-script",
    .version = SMEE_VERSION,
    .build_signature = SMEE_BUILD_SIGNATURE,
    .description = "iPXE script generators: hook (Tinkerbell), custom (per machine), static (auto-proxy)",
    .provides = kProvides,
    .requires_ = kRequires,
    .flags = SMEE_PLUGIN_THREAD_SAFE | SMEE_PLUGIN_SINGLETON,
    .create = smeeCreatePlugin,
    .destroy = smeeDestroyPlugin,
    .reserved = {},
};
}  // namespace

SMEE_PLUGIN_ENTRY(kDescriptor)
