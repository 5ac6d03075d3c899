#include "otel_plugin.h"
#include "smee/plugin_entry.h"

namespace {
constexpr const char* kProvides[] = {"smee.trace/v1:default", nullptr};
constexpr const char* kRequires[] = {nullptr};
}  // namespace

SMEE_DEFINE_PLUGIN(smee::otel::OtelPlugin, "otel", SMEE_VERSION,
                   "OpenTelemetry traces of DHCP, TFTP and HTTP, exported over OTLP/HTTP",
                   kProvides, kRequires, SMEE_PLUGIN_THREAD_SAFE)
