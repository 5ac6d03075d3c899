// Out-of-line key functions: each interface's vtable and typeinfo are emitted
// here, once, in libsmee_core.so, so every plugin shares them.
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "smee/plugin.h"
#include "smee/plugin_context.h"
#include "smee/services/backend.h"
#include "smee/services/dhcp_handler.h"
#include "smee/services/ipxe_binaries.h"
#include "smee/services/ipxe_script.h"
#include "smee/services/iso_patcher.h"

namespace smee {

Plugin::~Plugin() = default;
void Plugin::reload(PluginContext& /*context*/) {}
bool Plugin::ready() const { return true; }

PluginContext::~PluginContext() = default;

BackendReader::~BackendReader() = default;

DhcpHandler::~DhcpHandler() = default;

bool DhcpHandler::handleInto(const dhcp4::Packet& request, const DhcpRequestContext& context,
                             dhcp4::Packet& reply, DhcpDecision& decision) const {
  decision = handle(request, context);
  if (!decision.reply) return false;
  reply = std::move(*decision.reply);
  decision.reply.reset();
  return true;
}

IpxeBinarySource::~IpxeBinarySource() = default;

ScriptGenerator::~ScriptGenerator() = default;

IsoResponse::~IsoResponse() = default;

bool IsoResponse::writeFile(int fd, std::uint64_t offset, std::uint64_t count) {
  std::vector<char> buffer(
      static_cast<std::size_t>(std::min<std::uint64_t>(count, std::uint64_t{256} * 1024)));
  while (count > 0) {
    const std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(count, buffer.size()));
    const ssize_t got = ::pread(fd, buffer.data(), want, static_cast<off_t>(offset));
    if (got <= 0) return false;
    if (!write(buffer.data(), static_cast<std::size_t>(got))) return false;
    offset += static_cast<std::uint64_t>(got);
    count -= static_cast<std::uint64_t>(got);
  }
  return true;
}

IsoPatcher::~IsoPatcher() = default;

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
