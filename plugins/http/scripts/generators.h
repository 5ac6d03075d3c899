#pragma once

#include "script_settings.h"
#include "smee/services/ipxe_script.h"

namespace smee::scripts {

// Tinkerbell's default auto.ipxe: load HookOS with the machine's kernel
// arguments (spec 5.4).
class HookScript final : public ScriptGenerator {
 public:
  explicit HookScript(ScriptSettings settings) : settings_(std::move(settings)) {}
  ScriptResult render(const ScriptRequest& request) const override;

 private:
  ScriptSettings settings_;
};

// The hardware's own script: chain to its URL or run its inline text
// (spec 5.5).
class CustomScript final : public ScriptGenerator {
 public:
  ScriptResult render(const ScriptRequest& request) const override;
};

// The machine-independent script auto-proxy mode gives unknown machines
// (spec 5.6), without Smee's two bugs: retries are honoured and the extra
// kernel arguments appear once.
class StaticScript final : public ScriptGenerator {
 public:
  explicit StaticScript(ScriptSettings settings) : settings_(std::move(settings)) {}
  ScriptResult render(const ScriptRequest& request) const override;

 private:
  ScriptSettings settings_;
};

}  // namespace smee::scripts
