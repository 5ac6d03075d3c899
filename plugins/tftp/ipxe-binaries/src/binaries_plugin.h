#pragma once

#include "smee/plugin.h"

namespace smee::ipxe_binaries {

// Plugin `ipxe-binaries`: the iPXE binary source shared by TFTP and HTTP.
class BinariesPlugin final : public Plugin {
 public:
  ConfigSchema schema() const override;
  void configure(const ConfigValues& config, PluginContext& context) override;
  void start(PluginContext& context) override;
  void stop() noexcept override {}
};

}  // namespace smee::ipxe_binaries
