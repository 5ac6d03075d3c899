// The plugin's descriptor: the only file of the MODULE target, so exactly one
// smee_plugin_v1 alias exists in the image.
#include "file_plugin.h"
#include "smee/plugin_entry.h"

SMEE_PLUGIN_FACTORY(smee::plugins::backend_file::FileBackendPlugin)

namespace {

constexpr const char* kProvides[] = {"smee.backend/v1:file", nullptr};
constexpr const char* kRequires[] = {nullptr};

constexpr smee_plugin_descriptor_v1 kDescriptor{
    .abi_version = SMEE_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(smee_plugin_descriptor_v1),
    .name = "backend-file",
    .version = "0.1.0",
    .build_signature = SMEE_BUILD_SIGNATURE,
    .description =
        "Hardware data from a YAML file (Smee's format or Hardware objects), "
        "reloaded on change",
    .provides = kProvides,
    .requires_ = kRequires,
    .flags = SMEE_PLUGIN_THREAD_SAFE | SMEE_PLUGIN_SINGLETON,
    .create = smeeCreatePlugin,
    .destroy = smeeDestroyPlugin,
    .reserved = {}};

}  // namespace

SMEE_PLUGIN_ENTRY(kDescriptor)
