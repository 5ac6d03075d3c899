#pragma once

#include "smee/plugin.h"
#include "smee/services/backend.h"

namespace smee::backend_noop {

// A backend with no hardware: every lookup is Unavailable. Smee allows it
// only with DHCP mode auto-proxy, where unknown machines boot a static
// script; the DHCP plugin enforces that pairing.
class NoopBackend final : public BackendReader {
 public:
  LookupResult byMac(const MacAddress& mac) const override;
  LookupResult byIp(Ipv4Address ip) const override;
  bool ready() const override { return true; }
  bool holdsHardware() const override { return false; }
};

class NoopBackendPlugin final : public Plugin {
 public:
  ConfigSchema schema() const override { return {}; }
  void configure(const ConfigValues& config, PluginContext& context) override;
  void start(PluginContext& context) override;
  void stop() noexcept override {}
};

}  // namespace smee::backend_noop
