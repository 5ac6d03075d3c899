#include "iso_plugin.h"

#include <filesystem>

#include "iso_service.h"
#include "magic_string.h"
#include "smee/errors.h"
#include "smee/plugin_context.h"
#include "smee/plugin_helpers.h"
#include "stream_patcher.h"

namespace smee::iso {

ConfigSchema IsoPlugin::schema() const {
  using T = ConfigType;
  return {
      {.key = "url",
       .type = T::String,
       .description = "upstream HookOS ISO (http or https); a machine's isoboot.sourceISO wins"},
      {.key = "magic_string",
       .type = T::String,
       .description = "the placeholder in the ISO's kernel command line (empty: HookOS's)"},
      {.key = "static_ipam_enabled",
       .type = T::Bool,
       .default_value = "false",
       .description = "add ipam= with the machine's addresses for static network set-up"},
      {.key = "extra_kernel_args",
       .type = T::String,
       .description = "space-separated kernel arguments put first"},
      {.key = "syslog_host",
       .type = T::String,
       .description = "syslog_host= (empty: the public IP)"},
      {.key = "tink_server",
       .type = T::String,
       .description = "grpc_authority= (Tink server host:port)"},
      {.key = "tink_server_tls",
       .type = T::Bool,
       .default_value = "false",
       .description = "tinkerbell_tls="},
      {.key = "backend",
       .type = T::String,
       .description = "backend instance (empty: the only one loaded)"},
      {.key = "upstream_timeout",
       .type = T::Duration,
       .default_value = "30s",
       .description = "connect, send and per-read time-out towards the upstream"},
      {.key = "upstream_ca_file",
       .type = T::String,
       .description = "PEM CA certificates trusted for https upstreams, beside the system's"},
      {.key = "max_redirects",
       .type = T::Int,
       .default_value = "10",
       .description = "upstream redirects followed",
       .min = 0,
       .max = 50},
      {.key = "cache_dir",
       .type = T::String,
       .description = "keep local copies of upstream ISOs here (empty: no cache)"},
      {.key = "cache_revalidate",
       .type = T::Duration,
       .default_value = "60s",
       .description = "how old a copy may get before upstream is asked whether it changed"},
      {.key = "read_size",
       .type = T::Int,
       .default_value = "262144",
       .description = "bytes read from the upstream at a time",
       .min = 4096,
       .max = 16777216},
  };
}

void IsoPlugin::configure(const ConfigValues& config, PluginContext& context) {
  IsoSettings s;
  s.url = config.getString("url");
  if (!s.url.empty()) {
    if (auto why = invalidUpstreamUrl(s.url)) throw ConfigError("url", *why);
  }
  s.magic_string = config.getString("magic_string");
  if (s.magic_string.empty()) s.magic_string = std::string(kDefaultMagicString);
  if (overlapsItself(s.magic_string)) {
    throw ConfigError(
        "magic_string",
        "begins with what it ends with, so two copies could overlap; choose another string");
  }
  s.patch.static_ipam = config.getBool("static_ipam_enabled");
  s.patch.extra_kernel_args = splitArgs(config.getString("extra_kernel_args"));
  s.patch.syslog_host = config.getString("syslog_host").empty() ? context.runtime().public_ipv4
                                                                : config.getString("syslog_host");
  s.patch.tink_server = config.getString("tink_server");
  s.patch.tink_server_tls = config.getBool("tink_server_tls");
  s.upstream.timeout = config.getDuration("upstream_timeout");
  s.upstream.max_redirects = static_cast<int>(config.getInt("max_redirects"));
  if (!config.getString("upstream_ca_file").empty()) {
    const auto ca = context.resolvePath(config.getString("upstream_ca_file"));
    std::error_code ec;
    if (!std::filesystem::is_regular_file(ca, ec)) {
      throw ConfigError("upstream_ca_file", ca.string() + ": no such file");
    }
    s.upstream.ca_file = ca.string();
    if (auto why = tlsSetupError(s.upstream.ca_file)) throw ConfigError("upstream_ca_file", *why);
  }
  s.read_size = static_cast<std::size_t>(config.getInt("read_size"));

  // The arguments every machine gets, with empty per-machine fields: if
  // even these do not fit, no machine can boot this ISO.
  HardwareRecord smallest;
  const std::string patch = buildPatch(smallest, s.patch);
  if (patch.size() > s.magic_string.size()) {
    throw ConfigError(
        config.getString("magic_string").empty() ? "extra_kernel_args" : "magic_string",
        "the kernel arguments take at least " + std::to_string(patch.size()) +
            " bytes but the magic string has only " + std::to_string(s.magic_string.size()));
  }
  if (!config.getString("cache_dir").empty()) {
    CacheSettings cache;
    cache.dir = context.resolvePath(config.getString("cache_dir"));
    cache.revalidate = config.getDuration("cache_revalidate");
    cache.magic_string = s.magic_string;
    cache.upstream = s.upstream;
    cache_ = std::make_shared<IsoCache>(std::move(cache), context.logger("iso-cache"),
                                        context.metrics());
    s.cache = cache_;
  }
  auto backend =
      context.require<BackendReader>(chooseInstance<BackendReader>(config, "backend", context));
  context.provide<IsoPatcher>(
      "magic-string", std::make_shared<MagicStringPatcher>(std::move(s), std::move(backend),
                                                           context.logger(), context.metrics()));
}

void IsoPlugin::start(PluginContext& /*context*/) {
  if (cache_) cache_->start();
}

void IsoPlugin::stop() noexcept {
  if (cache_) cache_->stop();
}

}  // namespace smee::iso
