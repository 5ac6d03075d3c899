#include "http_plugin.h"

#include <algorithm>
#include <thread>

#include "smee/build_signature.h"
#include "smee/errors.h"
#include "smee/plugin_context.h"
#include "smee/plugin_helpers.h"

namespace smee::http {
namespace {

std::chrono::milliseconds positive(const ConfigValues& config, std::string_view key) {
  auto value = config.getDuration(key);
  if (value.count() <= 0) throw ConfigError(std::string(key), "must be a positive duration");
  return value;
}

}  // namespace

void HttpPlugin::configureTls(const ConfigValues& config, PluginContext& context) {
  const std::string& cert = config.getString("tls_cert");
  const std::string& key = config.getString("tls_key");
  if (cert.empty() != key.empty())
    throw ConfigError(cert.empty() ? "tls_cert" : "tls_key",
                      "is required when " + std::string(cert.empty() ? "tls_key" : "tls_cert") +
                          " is set (HTTPS needs both)");
  if (cert.empty()) return;
  server_settings_.tls_cert_file = context.resolvePath(cert).string();
  server_settings_.tls_key_file = context.resolvePath(key).string();
  server_settings_.tls_port = static_cast<std::uint16_t>(config.getInt("tls_port"));
  if (server_settings_.tls_port == server_settings_.port && server_settings_.port != 0)
    throw ConfigError("tls_port",
                      "must differ from port (" + std::to_string(server_settings_.port) + ")");
}

// Long on purpose: one table of every config key in the README's order, tls_* from its HTTPS part.
ConfigSchema HttpPlugin::schema() const {
  using T = ConfigType;
  return {
      {.key = "addr",
       .type = T::Ipv4,
       .description = "IPv4 address to listen on (empty: the public IP)"},
      {.key = "port",
       .type = T::Int,
       .default_value = "8080",
       .description = "TCP port",
       .min = 0,
       .max = 65535},
      {.key = "tls_cert",
       .type = T::String,
       .description =
           "PEM certificate (chain) for HTTPS; with tls_key, the same routes are served over "
           "HTTPS on tls_port (iPXE needs an RSA key); re-read on SIGHUP"},
      {.key = "tls_key", .type = T::String, .description = "PEM private key of tls_cert"},
      {.key = "tls_port",
       .type = T::Int,
       .default_value = "8443",
       .description = "HTTPS TCP port",
       .min = 0,
       .max = 65535},
      {.key = "ipxe_binary_enabled",
       .type = T::Bool,
       .default_value = "true",
       .description = "serve /ipxe/"},
      {.key = "ipxe_script_enabled",
       .type = T::Bool,
       .default_value = "true",
       .description = "serve auto.ipxe"},
      {.key = "auto_proxy",
       .type = T::Bool,
       .default_value = "false",
       .description = "unknown machines get the static script (set with DHCP mode auto-proxy)"},
      {.key = "backend",
       .type = T::String,
       .description = "backend instance (empty: the only one loaded)"},
      {.key = "trusted_proxies",
       .type = T::StringList,
       .description = "CIDRs whose X-Forwarded-For is believed"},
      {.key = "loops",
       .type = T::Int,
       .default_value = "0",
       .description = "event-loop threads (0: one per CPU core, at most 4)",
       .min = 0,
       .max = 64},
      {.key = "max_connections",
       .type = T::Int,
       .default_value = "10000",
       .description = "open connections in total; more are refused with 503",
       .min = 1,
       .max = 1000000},
      {.key = "max_connections_per_client",
       .type = T::Int,
       .default_value = "256",
       .description = "open connections from one client address; more are refused with 503",
       .min = 1,
       .max = 1000000},
      {.key = "header_timeout",
       .type = T::Duration,
       .default_value = "10s",
       .description = "time for a whole request head, from its first byte (or from connect)"},
      {.key = "keep_alive_timeout",
       .type = T::Duration,
       .default_value = "15s",
       .description = "idle time between requests on a kept connection"},
      {.key = "send_timeout",
       .type = T::Duration,
       .default_value = "30s",
       .description = "time an answer may make no progress because the client does not read"},
      {.key = "max_header_bytes",
       .type = T::Int,
       .default_value = "16384",
       .description = "largest request head; larger gets 431",
       .min = 1024,
       .max = 1048576},
      {.key = "iso_max_streams",
       .type = T::Int,
       .default_value = "8",
       .description = "concurrent /iso/ requests, each on its own stream thread (more get 503)",
       .min = 1,
       .max = 1024},
  };
}

void HttpPlugin::configure(const ConfigValues& config, PluginContext& context) {
  server_settings_.address = addressOrPublicIp(config, "addr", context);
  server_settings_.port = static_cast<std::uint16_t>(config.getInt("port"));
  configureTls(config, context);
  server_settings_.loops = static_cast<int>(config.getInt("loops"));
  if (server_settings_.loops == 0) {
    server_settings_.loops =
        static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
  }
  server_settings_.max_connections = static_cast<int>(config.getInt("max_connections"));
  server_settings_.max_connections_per_client =
      static_cast<int>(config.getInt("max_connections_per_client"));
  server_settings_.header_timeout = positive(config, "header_timeout");
  server_settings_.keep_alive_timeout = positive(config, "keep_alive_timeout");
  server_settings_.send_timeout = positive(config, "send_timeout");
  server_settings_.max_header_bytes = static_cast<std::size_t>(config.getInt("max_header_bytes"));
  RouterSettings settings;
  settings.binaries_enabled = config.getBool("ipxe_binary_enabled");
  settings.scripts_enabled = config.getBool("ipxe_script_enabled");
  settings.auto_proxy = config.getBool("auto_proxy");
  settings.proxies = TrustedProxies(config.getStringList("trusted_proxies"));
  settings.version = SMEE_VERSION;
  settings.iso_max_streams = static_cast<int>(config.getInt("iso_max_streams"));
  server_settings_.stream_threads = settings.iso_max_streams;

  RouterServices services;
  services.binaries = context.require<IpxeBinarySource>("default");
  services.backend =
      context.require<BackendReader>(chooseInstance<BackendReader>(config, "backend", context));
  for (const char* kind : {"hook", "custom", "static"})
    services.scripts[kind] = context.require<ScriptGenerator>(kind);
  services.script_choice =
      context.require<ScriptGenerator>("choice");           // the script plugin picks the kind
  services.iso = context.find<IsoPatcher>("magic-string");  // /iso/ only with the iso plugin
  services.tracer = context.find<Tracer>("default");        // spans only with the otel plugin
  services.journey = context.find<BootJourney>("default");  // /journey only with the journey plugin
  services.ready = [&context] { return context.processReady(); };
  router_ =
      std::make_shared<RequestRouter>(settings, services, context.logger(), context.metrics());
}

void HttpPlugin::start(PluginContext& context) {
  const std::uint64_t descriptors = raiseDescriptorLimit();
  if (descriptors < static_cast<std::uint64_t>(server_settings_.max_connections) + 64) {
    context.logger().warn(
        "max_connections is above what the process may open; accept fails earlier",
        {{"max_connections", server_settings_.max_connections}, {"RLIMIT_NOFILE", descriptors}});
  }
  server_ =
      std::make_unique<HttpServer>(server_settings_, router_, context.metrics(), context.logger());
  server_->start();
  context.logger().info(
      "HTTP server listening",
      {{"addr", server_settings_.address.toString() + ":" + std::to_string(server_->port())}});
  if (server_settings_.tlsEnabled()) {
    tls_reload_failures_ = &context.metrics().counter(
        "smee_http_tls_reload_failures_total",
        "SIGHUP reloads of the HTTPS certificate that failed (the old one stays).");
    context.logger().info(
        "HTTPS server listening",
        {{"addr", server_settings_.address.toString() + ":" + std::to_string(server_->tlsPort())},
         {"certificate", server_->certificateSummary()}});
  }
}

void HttpPlugin::reload(PluginContext& context) {
  if (!server_ || !server_settings_.tlsEnabled()) return;
  try {
    server_->reloadCertificate();
    context.logger().info("HTTPS certificate reloaded",
                          {{"certificate", server_->certificateSummary()}});
  } catch (const Error& error) {
    context.logger().error("HTTPS certificate not reloaded; the last good one stays",
                           {{"error", std::string(error.what())}});
    if (tls_reload_failures_ != nullptr) tls_reload_failures_->inc();
  }
}

void HttpPlugin::stop() noexcept {
  if (server_) server_->stop();
  server_.reset();
}

}  // namespace smee::http
