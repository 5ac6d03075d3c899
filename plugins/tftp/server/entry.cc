#include "smee/plugin_entry.h"
#include "tftp_plugin.h"

SMEE_PLUGIN_FACTORY(smee::tftp::TftpPlugin)

namespace {
constexpr const char* kProvides[] = {nullptr};
constexpr const char* kRequires[] = {"smee.ipxe.binaries/v1:default", nullptr};
constexpr smee_plugin_descriptor_v1 kDescriptor{
    .abi_version = SMEE_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(smee_plugin_descriptor_v1),
    .name = "tftp",
    .version = SMEE_VERSION,
    .build_signature = SMEE_BUILD_SIGNATURE,
    .description = "TFTP server for iPXE binaries (RFC 1350, 2347-2349, 7440)",
    .provides = kProvides,
    .requires_ = kRequires,
    .flags = SMEE_PLUGIN_THREAD_SAFE | SMEE_PLUGIN_SINGLETON,
    .create = smeeCreatePlugin,
    .destroy = smeeDestroyPlugin,
    .reserved = {},
};
}  // namespace

SMEE_PLUGIN_ENTRY(kDescriptor)
