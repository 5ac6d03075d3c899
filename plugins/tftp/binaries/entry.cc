#include "binaries_plugin.h"
#include "smee/plugin_entry.h"

SMEE_PLUGIN_FACTORY(smee::binaries::BinariesPlugin)

namespace {
constexpr const char* kProvides[] = {"smee.ipxe.binaries/v1:default", nullptr};
constexpr const char* kRequires[] = {nullptr};
constexpr smee_plugin_descriptor_v1 kDescriptor{
    .abi_version = SMEE_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(smee_plugin_descriptor_v1),
    .name = "ipxe-binaries",
    .version = SMEE_VERSION,
    .build_signature = SMEE_BUILD_SIGNATURE,
    .description = "iPXE binaries and boot files from directories, with the script patch",
    .provides = kProvides,
    .requires_ = kRequires,
    .flags = SMEE_PLUGIN_THREAD_SAFE | SMEE_PLUGIN_SINGLETON,
    .create = smeeCreatePlugin,
    .destroy = smeeDestroyPlugin,
    .reserved = {},
};
}  // namespace

SMEE_PLUGIN_ENTRY(kDescriptor)
