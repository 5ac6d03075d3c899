// The plugin's descriptor: the only file of the MODULE target, so exactly one
// smee_plugin_v1 alias exists in the image.
#include "kube_plugin.h"
#include "smee/plugin_entry.h"

namespace {
constexpr const char* kProvides[] = {"smee.backend/v1:kube", nullptr};
constexpr const char* kRequires[] = {nullptr};
}  // namespace

SMEE_DEFINE_PLUGIN(smee::backend_kube::KubeBackendPlugin, "backend-kube", SMEE_VERSION,
                   "Hardware data from Tinkerbell Hardware objects on a Kubernetes API server "
                   "(list + watch into memory)",
                   kProvides, kRequires, SMEE_PLUGIN_THREAD_SAFE)
