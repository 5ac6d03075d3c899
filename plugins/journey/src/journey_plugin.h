#pragma once

#include "smee/plugin.h"

namespace smee::journey {

// Plugin `journey`: keeps each machine's recent boot steps (DHCP, TFTP,
// HTTP, syslog) and serves them at /journey through the http plugin.
// Provides "smee.journey/v1:default"; without it the protocols record
// nothing and pay one null check.
class JourneyPlugin final : public Plugin {
 public:
  ConfigSchema schema() const override;
  void configure(const ConfigValues& config, PluginContext& context) override;
  void start(PluginContext& context) override;
  void stop() noexcept override {}
};

}  // namespace smee::journey
