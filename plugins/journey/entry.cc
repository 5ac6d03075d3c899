#include "journey_plugin.h"
#include "smee/plugin_entry.h"

namespace {
constexpr const char* kProvides[] = {"smee.journey/v1:default", nullptr};
constexpr const char* kRequires[] = {nullptr};
}  // namespace

SMEE_DEFINE_PLUGIN(
    smee::journey::JourneyPlugin, "journey", SMEE_VERSION,
    "each machine's recent boot steps (DHCP, TFTP, HTTP, syslog), served at /journey", kProvides,
    kRequires, SMEE_PLUGIN_THREAD_SAFE)
