#include "http_backend_plugin.h"

#include <Poco/Net/SSLManager.h>

#include <stdexcept>

#include "smee/errors.h"

namespace smee::backend_http {

namespace {

using std::chrono::milliseconds;

milliseconds positiveDuration(const ConfigValues& config, const std::string& key) {
  const milliseconds value = config.getDuration(key);
  if (value.count() <= 0) throw ConfigError(key, "must be above 0");
  return value;
}

std::string pathOrEmpty(const ConfigValues& config, const std::string& key,
                        const PluginContext& context) {
  const std::string& path = config.getString(key);
  return path.empty() ? std::string() : context.resolvePath(path).string();
}

// Which key a client construction error is about, by what it names.
std::string keyOfClientError(const std::string& message) {
  if (message.find("token file") != std::string::npos) return "token_file";
  if (message.find("ca_file") != std::string::npos ||
      message.find("CA file") != std::string::npos) {
    return "ca_file";
  }
  return "url";
}

}  // namespace

// Long on purpose: one table of every config key, in the order the README documents them.
ConfigSchema HttpBackendPlugin::schema() const {
  using T = ConfigType;
  return {
      {.key = "url",
       .type = T::String,
       .description = "Base URL of the hardware API (http:// or https://, optionally with a path "
                      "prefix); smeed asks <url>/v1/hardware?mac=<mac> and ?ip=<ip>. Required."},
      {.key = "timeout",
       .type = T::Duration,
       .default_value = "2s",
       .description = "Longest time one request may take, connection and body included."},
      {.key = "connect_timeout",
       .type = T::Duration,
       .default_value = "1s",
       .description = "Longest time to connect (TCP and TLS handshake); at most timeout."},
      {.key = "ttl",
       .type = T::Duration,
       .default_value = "60s",
       .description = "How long a found machine is answered before it is asked for again."},
      {.key = "negative_ttl",
       .type = T::Duration,
       .default_value = "10s",
       .description = "How long a 404 (or an unusable answer) is answered before the API is asked "
                      "again."},
      {.key = "max_stale",
       .type = T::Duration,
       .default_value = "10m",
       .description = "How long after it was fetched a found machine is still answered while the "
                      "API cannot be reached; at least ttl."},
      {.key = "cache_size",
       .type = T::Int,
       .default_value = "10000",
       .description = "Cached answers (found and not found); the one used longest ago goes first.",
       .min = 16,
       .max = 10000000},
      {.key = "workers",
       .type = T::Int,
       .default_value = "4",
       .description = "Requests to the API in flight at once.",
       .min = 1,
       .max = 64},
      {.key = "queue_size",
       .type = T::Int,
       .default_value = "256",
       .description = "Lookups waiting for a worker; more are dropped (counted) and retried by "
                      "the next lookup.",
       .min = 1,
       .max = 100000},
      {.key = "breaker_failures",
       .type = T::Int,
       .default_value = "5",
       .description = "Failed requests in a row that open the circuit breaker; 0 turns it off.",
       .min = 0,
       .max = 10000},
      {.key = "breaker_cooldown",
       .type = T::Duration,
       .default_value = "30s",
       .description = "How long an open breaker keeps requests back before one probe."},
      {.key = "ca_file",
       .type = T::String,
       .description = "PEM CA certificate(s) for an https url, the only ones trusted; empty: the "
                      "system's CA store. Relative to the config file's folder."},
      {.key = "token_file",
       .type = T::String,
       .description = "File holding a bearer token sent as 'Authorization: Bearer'; read again "
                      "when it changes and on SIGHUP. Relative to the config file's folder."},
  };
}

HttpBackendOptions backendOptions(const ConfigValues& config, PluginContext& context) {
  HttpBackendOptions options;
  options.client.url = config.getString("url");
  if (options.client.url.empty()) throw ConfigError("url", "is required");
  options.client.timeout = positiveDuration(config, "timeout");
  options.client.connect_timeout = positiveDuration(config, "connect_timeout");
  if (options.client.connect_timeout > options.client.timeout) {
    throw ConfigError("connect_timeout", "must not be longer than timeout (" +
                                             std::to_string(options.client.timeout.count()) +
                                             "ms): the request would end first");
  }
  options.client.ca_file = pathOrEmpty(config, "ca_file", context);
  options.client.token_file = pathOrEmpty(config, "token_file", context);
  options.cache.ttl = positiveDuration(config, "ttl");
  options.cache.negative_ttl = positiveDuration(config, "negative_ttl");
  options.cache.max_stale = positiveDuration(config, "max_stale");
  if (options.cache.max_stale < options.cache.ttl) {
    throw ConfigError("max_stale",
                      "must be at least ttl (" + std::to_string(options.cache.ttl.count()) + "ms)");
  }
  options.cache.capacity = static_cast<std::size_t>(config.getInt("cache_size"));
  options.workers = static_cast<std::size_t>(config.getInt("workers"));
  options.queue_size = static_cast<std::size_t>(config.getInt("queue_size"));
  options.breaker_failures = static_cast<int>(config.getInt("breaker_failures"));
  options.breaker_cooldown = positiveDuration(config, "breaker_cooldown");
  return options;
}

void HttpBackendPlugin::configure(const ConfigValues& config, PluginContext& context) {
  HttpBackendOptions options = backendOptions(config, context);
  Poco::Net::initializeSSL();
  ssl_initialized_ = true;
  Logger logger = context.logger();
  try {
    backend_ = std::make_shared<HttpBackend>(std::move(options), logger, context.metrics());
  } catch (const std::invalid_argument& e) {
    throw ConfigError(keyOfClientError(e.what()), e.what());
  }
  logger.info("hardware API backend configured", {{"url", backend_->url()},
                                                  {"token_file", config.getString("token_file")},
                                                  {"ca_file", config.getString("ca_file")}});
  context.provide<BackendReader>(std::string(kInstance), backend_);
}

void HttpBackendPlugin::start(PluginContext& /*context*/) {
  if (backend_) backend_->start();
}

void HttpBackendPlugin::stop() noexcept {
  if (backend_) backend_->stop();
}

void HttpBackendPlugin::reload(PluginContext& /*context*/) {
  if (backend_) backend_->reloadToken();
}

bool HttpBackendPlugin::ready() const { return backend_ && backend_->ready(); }

HttpBackendPlugin::~HttpBackendPlugin() {
  backend_.reset();
  // Reference-counted by Poco: other plugins may still use TLS.
  if (ssl_initialized_) Poco::Net::uninitializeSSL();
}

}  // namespace smee::backend_http
