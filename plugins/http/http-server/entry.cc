#include "http_plugin.h"
#include "smee/plugin_entry.h"

namespace {
constexpr const char* kProvides[] = {nullptr};
constexpr const char* kRequires[] = {"smee.ipxe.binaries/v1:default",
                                     "smee.backend/v1",
                                     "smee.ipxe.script/v1",
                                     "?smee.iso.patcher/v1",
                                     "?smee.trace/v1:default",
                                     "?smee.journey/v1:default",
                                     nullptr};
}  // namespace

SMEE_DEFINE_PLUGIN(smee::http::HttpPlugin, "http", SMEE_VERSION,
                   "HTTP: iPXE binaries, auto.ipxe scripts, patched ISOs, /metrics, health",
                   kProvides, kRequires, SMEE_PLUGIN_THREAD_SAFE)
