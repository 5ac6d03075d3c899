#include "script_choice.h"

namespace smee::ipxe_script {

std::string_view chosenScriptKind(const ScriptRequest& request) {
  if (!request.hardware) return "static";
  const auto& netboot = request.hardware->netboot;
  const bool own_script = !netboot.ipxe_script_url.empty() || !netboot.ipxe_script.empty();
  return own_script ? "custom" : "hook";
}

ScriptResult ScriptChoice::render(const ScriptRequest& request) const {
  return {.ok = true, .script = std::string(chosenScriptKind(request))};
}

}  // namespace smee::ipxe_script
