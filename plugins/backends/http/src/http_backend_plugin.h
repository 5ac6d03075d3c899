#pragma once

#include <memory>

#include "http_backend.h"
#include "smee/plugin.h"
#include "smee/plugin_context.h"

namespace smee::backend_http {

// Serves hardware from an external HTTP API as "smee.backend/v1:http"
// (pixiecore's API mode). configure() checks the URL, the CA file and the
// token file without connecting; start() starts the fetch workers; SIGHUP
// re-reads the token file.
class HttpBackendPlugin final : public smee::Plugin {
 public:
  static constexpr std::string_view kInstance = "http";
  ~HttpBackendPlugin() override;

  ConfigSchema schema() const override;
  void configure(const ConfigValues& config, PluginContext& context) override;
  void start(PluginContext& context) override;
  void stop() noexcept override;
  void reload(PluginContext& context) override;
  bool ready() const override;

 private:
  std::shared_ptr<HttpBackend> backend_;
  bool ssl_initialized_ = false;
};

// The block's values as options; throws ConfigError naming the key.
HttpBackendOptions backendOptions(const ConfigValues& config, PluginContext& context);

}  // namespace smee::backend_http
