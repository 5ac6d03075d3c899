#pragma once

#include <memory>

#include "dhcp_server.h"
#include "smee/plugin.h"

namespace smee::dhcp {

// Plugin `dhcp`: provides the three modes as smee.dhcp.handler/v1
// services (reservation, proxy, auto-proxy) and runs the listener with
// the one `mode` names, which may also come from another plugin. In the
// proxy modes a second listener, the PXE boot server on `pxe_port` (4011),
// answers PXE firmware's directed requests with the same mode.
class DhcpPlugin final : public Plugin {
 public:
  ConfigSchema schema() const override;
  void configure(const ConfigValues& config, PluginContext& context) override;
  void start(PluginContext& context) override;
  void stop() noexcept override;

 private:
  // Sets pxe_handler_ when the mode is a proxy mode and pxe_port is not 0.
  void configurePxeBootServer(const ConfigValues& config, std::shared_ptr<const DhcpHandler> mode,
                              PluginContext& context);

  bool enabled_ = true;
  ServerSettings server_settings_;
  std::shared_ptr<const DhcpHandler> handler_;
  std::string mode_;
  std::shared_ptr<Tracer> tracer_;  // optional: the otel plugin's
  std::unique_ptr<DhcpServer> server_;
  ServerSettings pxe_settings_;
  std::shared_ptr<const DhcpHandler> pxe_handler_;  // null: no PXE boot server
  std::unique_ptr<DhcpServer> pxe_server_;
};

}  // namespace smee::dhcp
