#pragma once

#include "smee/plugin.h"

namespace smee::machine_extras {

// Plugin `machine-extras`: the example of smeed's two extension points.
// For the machines whose hardware field has a given value it adds a DHCP
// option (a "smee.dhcp.reply-hook/v1") and kernel arguments (a
// "smee.ipxe.kernel-args/v1"), without replacing the DHCP mode or the
// script generator.
class MachineExtrasPlugin final : public Plugin {
 public:
  ConfigSchema schema() const override;
  void configure(const ConfigValues& config, PluginContext& context) override;
  void start(PluginContext& /*context*/) override {}
  void stop() noexcept override {}
};

}  // namespace smee::machine_extras
