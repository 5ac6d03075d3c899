#include "smee/plugin_entry.h"
#include "tftp_plugin.h"

namespace {
constexpr const char* kProvides[] = {nullptr};
constexpr const char* kRequires[] = {"smee.ipxe.binaries/v1:default", "?smee.backend/v1",
                                     "?smee.trace/v1:default", "?smee.journey/v1:default", nullptr};
}  // namespace

SMEE_DEFINE_PLUGIN(smee::tftp::TftpPlugin, "tftp", SMEE_VERSION,
                   "TFTP server for iPXE binaries (RFC 1350, 2347-2349, 7440)", kProvides,
                   kRequires, SMEE_PLUGIN_THREAD_SAFE)
