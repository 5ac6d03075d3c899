#pragma once

#include <string>
#include <vector>

#include "machine_selector.h"
#include "smee/services/kernel_args_hook.h"

namespace smee::machine_extras {

// A kernel-arguments hook: the selected machines' hook scripts load HookOS
// with these arguments too (before the machine's own kernelParams, which
// still win on a repeated key).
class KernelArgsAdder final : public KernelArgsHook {
 public:
  KernelArgsAdder(MachineSelector selector, std::vector<std::string> args);
  void addKernelArgs(const ScriptRequest& request, std::vector<std::string>& args) const override;

 private:
  MachineSelector selector_;
  std::vector<std::string> args_;
};

}  // namespace smee::machine_extras
