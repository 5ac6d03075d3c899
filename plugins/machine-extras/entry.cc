#include "machine_extras_plugin.h"
#include "smee/plugin_entry.h"

namespace {
constexpr const char* kProvides[] = {"smee.dhcp.reply-hook/v1:machine-extras",
                                     "smee.ipxe.kernel-args/v1:machine-extras", nullptr};
constexpr const char* kRequires[] = {"smee.backend/v1", nullptr};
}  // namespace

SMEE_DEFINE_PLUGIN(
    smee::machine_extras::MachineExtrasPlugin, "machine-extras", SMEE_VERSION,
    "example hooks: a DHCP option and kernel arguments for the machines of one hardware field",
    kProvides, kRequires, SMEE_PLUGIN_THREAD_SAFE)
