// The plugin's descriptor: the only file of the MODULE target, so exactly one
// smee_plugin_v1 alias exists in the image.
#include "file_plugin.h"
#include "smee/plugin_entry.h"

namespace {
constexpr const char* kProvides[] = {"smee.backend/v1:file", nullptr};
constexpr const char* kRequires[] = {nullptr};
}  // namespace

SMEE_DEFINE_PLUGIN(smee::backend_file::FileBackendPlugin, "backend-file", SMEE_VERSION,
                   "Hardware data from a YAML file (Smee's format or Hardware objects), "
                   "reloaded on change",
                   kProvides, kRequires, SMEE_PLUGIN_THREAD_SAFE)
