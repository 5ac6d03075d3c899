#include "http_plugin.h"

#include "smee/build_signature.h"
#include "smee/errors.h"
#include "smee/plugin_context.h"
#include "smee/plugin_helpers.h"

namespace smee::http {

ConfigSchema HttpPlugin::schema() const {
  using T = ConfigType;
  return {
      {.key = "addr", .type = T::Ipv4, .description = "IPv4 address to listen on (empty: the public IP)"},
      {.key = "port", .type = T::Int, .default_value = "8080", .description = "TCP port", .min = 0, .max = 65535},
      {.key = "ipxe_binary_enabled", .type = T::Bool, .default_value = "true", .description = "serve /ipxe/"},
      {.key = "ipxe_script_enabled", .type = T::Bool, .default_value = "true", .description = "serve auto.ipxe"},
      {.key = "auto_proxy", .type = T::Bool, .default_value = "false",
       .description = "unknown machines get the static script (set with DHCP mode auto-proxy)"},
      {.key = "backend", .type = T::String, .description = "backend instance (empty: the only one loaded)"},
      {.key = "trusted_proxies", .type = T::StringList,
       .description = "CIDRs whose X-Forwarded-For is believed"},
      {.key = "max_threads", .type = T::Int, .default_value = "16", .description = "request threads",
       .min = 1, .max = 1024},
      {.key = "max_queued", .type = T::Int, .default_value = "256",
       .description = "connections waiting for a thread", .min = 1, .max = 65536},
      {.key = "iso_max_streams", .type = T::Int, .default_value = "8",
       .description = "concurrent /iso/ requests (more get 503); below max_threads", .min = 1, .max = 1023},
  };
}

void HttpPlugin::configure(const ConfigValues& config, PluginContext& context) {
  server_settings_.address = addressOrPublicIp(config, "addr", context);
  server_settings_.port = static_cast<std::uint16_t>(config.getInt("port"));
  server_settings_.max_threads = static_cast<int>(config.getInt("max_threads"));
  server_settings_.max_queued = static_cast<int>(config.getInt("max_queued"));

  RouterSettings settings;
  settings.binaries_enabled = config.getBool("ipxe_binary_enabled");
  settings.scripts_enabled = config.getBool("ipxe_script_enabled");
  settings.auto_proxy = config.getBool("auto_proxy");
  settings.proxies = TrustedProxies(config.getStringList("trusted_proxies"));
  settings.version = SMEE_VERSION;
  settings.iso_max_streams = static_cast<int>(config.getInt("iso_max_streams"));
  if (settings.iso_max_streams >= server_settings_.max_threads) {
    throw ConfigError("iso_max_streams", "must be below max_threads (" +
                                             std::to_string(server_settings_.max_threads) +
                                             ") so that ISO downloads leave threads for scripts and binaries");
  }

  RouterServices services;
  services.binaries = context.require<IpxeBinarySource>("default");
  services.backend = context.require<BackendReader>(chooseInstance<BackendReader>(config, "backend", context));
  services.hook = context.require<ScriptGenerator>("hook");
  services.custom = context.require<ScriptGenerator>("custom");
  services.fallback = context.require<ScriptGenerator>("static");
  services.iso = context.find<IsoPatcher>("magic-string");  // /iso/ only with the iso plugin
  services.ready = [&context] { return context.processReady(); };
  router_ = std::make_shared<RequestRouter>(settings, services, context.logger(), context.metrics());
}

void HttpPlugin::start(PluginContext& context) {
  server_ = std::make_unique<HttpServer>(server_settings_, router_);
  server_->start();
  context.logger().info("HTTP server listening",
                        {{"addr", server_settings_.address.toString() + ":" + std::to_string(server_->port())}});
}

void HttpPlugin::stop() noexcept {
  if (server_) server_->stop();
  server_.reset();
}

}  // namespace smee::http
