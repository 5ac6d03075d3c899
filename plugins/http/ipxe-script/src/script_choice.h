#pragma once

#include <string_view>

#include "smee/services/ipxe_script.h"

namespace smee::ipxe_script {

// Which of this plugin's generators serves a machine: "custom" when its
// record names an iPXE script URL or an inline script (spec 5.5), "hook"
// otherwise (5.4), "static" when there is no record (auto-proxy's unknown
// machines, 5.6). The rule lives here, beside the generators, and not in
// the HTTP plugin that serves the result.
std::string_view chosenScriptKind(const ScriptRequest& request);

// Registered as "smee.ipxe.script/v1:choice". Its "script" is the chosen
// generator's instance name, not iPXE text: the SDK's ScriptResult has no
// field for the kind, and the HTTP plugin needs the name for its log line
// and the boot journey (script=hook|custom|static), so it asks this
// instance, then renders with the named one.
class ScriptChoice final : public ScriptGenerator {
 public:
  ScriptResult render(const ScriptRequest& request) const override;
};

}  // namespace smee::ipxe_script
