#pragma once

#include <memory>
#include <vector>

#include "script_settings.h"
#include "smee/services/ipxe_script.h"
#include "smee/services/kernel_args_hook.h"

namespace smee::ipxe_script {

// Tinkerbell's default auto.ipxe: load HookOS with the machine's kernel
// arguments (spec 5.4).
class HookScript final : public ScriptGenerator {
 public:
  // `hooks`: other plugins' kernel arguments for the machine, asked in order.
  explicit HookScript(ScriptSettings settings,
                      std::vector<std::shared_ptr<const KernelArgsHook>> hooks = {})
      : settings_(std::move(settings)), hooks_(std::move(hooks)) {}
  ScriptResult render(const ScriptRequest& request) const override;

 private:
  ScriptSettings settings_;
  std::vector<std::shared_ptr<const KernelArgsHook>> hooks_;
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

}  // namespace smee::ipxe_script
