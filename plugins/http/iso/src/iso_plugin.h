#pragma once

#include <memory>

#include "smee/plugin.h"

namespace smee::iso {

class IsoCache;

// Plugin `iso`: provides the "magic-string" ISO patcher that the http
// plugin serves under /iso/<mac>/<name>.iso.
class IsoPlugin final : public Plugin {
 public:
  ConfigSchema schema() const override;
  void configure(const ConfigValues& config, PluginContext& context) override;
  void start(PluginContext& context) override;
  void stop() noexcept override;

 private:
  std::shared_ptr<IsoCache> cache_;
};

}  // namespace smee::iso
