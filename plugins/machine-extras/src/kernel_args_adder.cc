#include "kernel_args_adder.h"

namespace smee::machine_extras {

KernelArgsAdder::KernelArgsAdder(MachineSelector selector, std::vector<std::string> args)
    : selector_(std::move(selector)), args_(std::move(args)) {}

void KernelArgsAdder::addKernelArgs(const ScriptRequest& request,
                                    std::vector<std::string>& args) const {
  if (request.hardware && selector_.selects(*request.hardware))
    args.insert(args.end(), args_.begin(), args_.end());
}

}  // namespace smee::machine_extras
