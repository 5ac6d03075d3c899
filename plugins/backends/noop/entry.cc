#include "noop_backend.h"
#include "smee/plugin_entry.h"

namespace {
constexpr const char* kProvides[] = {"smee.backend/v1:noop", nullptr};
constexpr const char* kRequires[] = {nullptr};
}  // namespace

SMEE_DEFINE_PLUGIN(smee::backend_noop::NoopBackendPlugin, "backend-noop", SMEE_VERSION,
                   "hardware backend with no data (for DHCP auto-proxy mode)", kProvides, kRequires,
                   SMEE_PLUGIN_THREAD_SAFE)
