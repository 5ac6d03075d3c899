#include "smee/plugin_entry.h"
#include "syslog_plugin.h"

SMEE_PLUGIN_FACTORY(smee::syslogd::SyslogPlugin)

namespace {
constexpr const char* kProvides[] = {nullptr};
constexpr const char* kRequires[] = {"smee.backend/v1", nullptr};
constexpr smee_plugin_descriptor_v1 kDescriptor{
    .abi_version = SMEE_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(smee_plugin_descriptor_v1),
    .name = "syslog",
    .version = SMEE_VERSION,
    .build_signature = SMEE_BUILD_SIGNATURE,
    .description = "syslog receiver (RFC 3164 and 5424) for booting machines",
    .provides = kProvides,
    .requires_ = kRequires,
    .flags = SMEE_PLUGIN_THREAD_SAFE | SMEE_PLUGIN_SINGLETON,
    .create = smeeCreatePlugin,
    .destroy = smeeDestroyPlugin,
    .reserved = {},
};
}  // namespace

SMEE_PLUGIN_ENTRY(kDescriptor)
