#include "iso_plugin.h"
#include "smee/plugin_entry.h"

namespace {
constexpr const char* kProvides[] = {"smee.iso.patcher/v1:magic-string", nullptr};
constexpr const char* kRequires[] = {"smee.backend/v1", nullptr};
}  // namespace

SMEE_DEFINE_PLUGIN(smee::iso::IsoPlugin, "iso", SMEE_VERSION,
                   "ISO patcher: per-machine HookOS ISO for virtual-media boot", kProvides,
                   kRequires, SMEE_PLUGIN_THREAD_SAFE)
