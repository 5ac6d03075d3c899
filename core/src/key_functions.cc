// Out-of-line key functions: each interface's vtable and typeinfo are emitted
// here, once, in libsmee_core.so, so every plugin shares them.
#include "smee/plugin.h"
#include "smee/plugin_context.h"
#include "smee/services/backend.h"
#include "smee/services/dhcp_handler.h"
#include "smee/services/ipxe_binaries.h"
#include "smee/services/ipxe_script.h"

namespace smee {

Plugin::~Plugin() = default;
void Plugin::reload(PluginContext& /*context*/) {}
bool Plugin::ready() const { return true; }

PluginContext::~PluginContext() = default;

BackendReader::~BackendReader() = default;

DhcpHandler::~DhcpHandler() = default;

IpxeBinarySource::~IpxeBinarySource() = default;

ScriptGenerator::~ScriptGenerator() = default;

std::string_view lookupStatusName(LookupStatus status) {
  switch (status) {
    case LookupStatus::Found:
      return "found";
    case LookupStatus::NotFound:
      return "not found";
    case LookupStatus::Ambiguous:
      return "ambiguous";
    case LookupStatus::Malformed:
      return "malformed";
    case LookupStatus::Unavailable:
      return "unavailable";
  }
  return "unknown";
}

}  // namespace smee
