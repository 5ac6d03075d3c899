#include "scripts_plugin.h"
#include "smee/plugin_entry.h"

namespace {
constexpr const char* kProvides[] = {"smee.ipxe.script/v1:hook", "smee.ipxe.script/v1:custom",
                                     "smee.ipxe.script/v1:static", "smee.ipxe.script/v1:choice",
                                     nullptr};
constexpr const char* kRequires[] = {"?smee.ipxe.kernel-args/v1", nullptr};
}  // namespace

SMEE_DEFINE_PLUGIN(
    smee::ipxe_script::ScriptsPlugin, "ipxe-script", SMEE_VERSION,
    "iPXE script generators: hook (Tinkerbell), custom (per machine), static (auto-proxy)",
    kProvides, kRequires, SMEE_PLUGIN_THREAD_SAFE)
