#include "binaries_plugin.h"
#include "smee/plugin_entry.h"

namespace {
constexpr const char* kProvides[] = {"smee.ipxe.binaries/v1:default", nullptr};
constexpr const char* kRequires[] = {nullptr};
}  // namespace

SMEE_DEFINE_PLUGIN(smee::ipxe_binaries::BinariesPlugin, "ipxe-binaries", SMEE_VERSION,
                   "iPXE binaries and boot files from directories, with the script patch",
                   kProvides, kRequires, SMEE_PLUGIN_THREAD_SAFE)
