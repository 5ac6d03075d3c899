#pragma once

#include <string>
#include <string_view>

#include "smee/export.h"
#include "smee/net/mac_address.h"
#include "smee/services/backend.h"
#include "smee/trace/trace_context.h"

namespace smee {

// What a script generator is asked for: the machine (absent for the static
// script served to unknown machines in auto-proxy mode).
struct ScriptRequest {
  const HardwareRecord* hardware = nullptr;
  MacAddress mac;
  std::optional<TraceContext> trace;  // the HTTP request's span, when traced
};

struct ScriptResult {
  bool ok = false;
  std::string script;  // the iPXE script text when ok
  std::string error;   // why not, otherwise (answered with 500)
};

// An iPXE script generator, registered as "smee.ipxe.script/v1:<kind>"
// (hook, custom, static). Called concurrently by the HTTP plugin.
class SMEE_API ScriptGenerator {
 public:
  static constexpr std::string_view kInterfaceId = "smee.ipxe.script/v1";
  virtual ~ScriptGenerator();
  virtual ScriptResult render(const ScriptRequest& request) const = 0;
};

}  // namespace smee
