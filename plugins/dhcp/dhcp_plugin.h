#pragma once

#include <memory>

#include "dhcp_server.h"
#include "smee/plugin.h"

namespace smee::dhcp {

// Plugin `dhcp`: provides the three modes as smee.dhcp.handler/v1
// services (reservation, proxy, auto-proxy) and runs the listener with
// the one `mode` names, which may also come from another plugin.
class DhcpPlugin final : public Plugin {
 public:
  ConfigSchema schema() const override;
  void configure(const ConfigValues& config, PluginContext& context) override;
  void start(PluginContext& context) override;
  void stop() noexcept override;

 private:
  bool enabled_ = true;
  ServerSettings server_settings_;
  std::shared_ptr<const DhcpHandler> handler_;
  std::string mode_;
  std::shared_ptr<Tracer> tracer_;  // optional: the otel plugin's
  std::unique_ptr<DhcpServer> server_;
};

}  // namespace smee::dhcp
