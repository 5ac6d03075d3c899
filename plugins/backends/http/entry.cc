// The plugin's descriptor: the only file of the MODULE target, so exactly one
// smee_plugin_v1 alias exists in the image.
#include "http_backend_plugin.h"
#include "smee/plugin_entry.h"

namespace {
constexpr const char* kProvides[] = {"smee.backend/v1:http", nullptr};
constexpr const char* kRequires[] = {nullptr};
}  // namespace

SMEE_DEFINE_PLUGIN(smee::backend_http::HttpBackendPlugin, "backend-http", SMEE_VERSION,
                   "Hardware data from an external HTTP API (pixiecore's API mode), cached in "
                   "memory and fetched in the background",
                   kProvides, kRequires, SMEE_PLUGIN_THREAD_SAFE)
