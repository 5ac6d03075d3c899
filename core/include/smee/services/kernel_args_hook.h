#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "smee/export.h"
#include "smee/services/ipxe_script.h"

namespace smee {

// An extension point of the hook script: a plugin provides
// "smee.ipxe.kernel-args/v1:<name>" and the ipxe-script plugin asks every
// such hook, in name order, for kernel arguments to add to a machine's
// HookOS command line. They come after smeed's own arguments and before
// the machine's kernelParams, so the machine's record still wins on a
// repeated key. Called on the HTTP event loop: answer from memory.
class SMEE_API KernelArgsHook {
 public:
  static constexpr std::string_view kInterfaceId = "smee.ipxe.kernel-args/v1";
  virtual ~KernelArgsHook();
  // Appends to `args` (one argument an element, no spaces inside).
  virtual void addKernelArgs(const ScriptRequest& request,
                             std::vector<std::string>& args) const = 0;
};

}  // namespace smee
