#pragma once

#include <memory>

#include "http_server.h"
#include "request_router.h"
#include "smee/plugin.h"

namespace smee::http {

// Plugin `http`: iPXE binaries, auto.ipxe scripts, metrics and health on
// one HTTP port (Smee's 8080), and the same over HTTPS (8443) when a
// certificate is configured.
class HttpPlugin final : public Plugin {
 public:
  ConfigSchema schema() const override;
  void configure(const ConfigValues& config, PluginContext& context) override;
  void start(PluginContext& context) override;
  void reload(PluginContext& context) override;  // the HTTPS certificate
  void stop() noexcept override;

 private:
  void configureTls(const ConfigValues& config, PluginContext& context);
  ServerSettings server_settings_;
  std::shared_ptr<RequestRouter> router_;
  std::unique_ptr<HttpServer> server_;
  Counter* tls_reload_failures_ = nullptr;
};

}  // namespace smee::http
