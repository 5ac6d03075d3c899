#include "smee/plugin_entry.h"
#include "syslog_plugin.h"

namespace {
constexpr const char* kProvides[] = {nullptr};
constexpr const char* kRequires[] = {"smee.backend/v1", "?smee.journey/v1:default", nullptr};
}  // namespace

SMEE_DEFINE_PLUGIN(smee::syslog::SyslogPlugin, "syslog", SMEE_VERSION,
                   "syslog receiver (RFC 3164 and 5424) for booting machines", kProvides, kRequires,
                   SMEE_PLUGIN_THREAD_SAFE)
