#pragma once

#include "smee/plugin.h"

namespace smee::ipxe_script {

// Plugin `ipxe-script`: provides the hook, custom and static iPXE script
// generators that the HTTP plugin serves as auto.ipxe, and the choice
// between them for a machine.
class ScriptsPlugin final : public Plugin {
 public:
  ConfigSchema schema() const override;
  void configure(const ConfigValues& config, PluginContext& context) override;
  void start(PluginContext&) override {}
  void stop() noexcept override {}
};

}  // namespace smee::ipxe_script
