#include "kube_plugin.h"

#include <Poco/Net/SSLManager.h>

#include <cstdlib>

#include "smee/errors.h"

namespace smee::backend_kube {

ConfigSchema KubeBackendPlugin::schema() const {
  using T = ConfigType;
  ConfigSchema schema = {
      {.key = "config",
       .type = T::String,
       .description = "kubeconfig file (Smee's -backend-kube-config). Empty: $KUBECONFIG, then "
                      "~/.kube/config, then the in-cluster service account."},
      {.key = "api",
       .type = T::String,
       .description = "API server URL overriding the kubeconfig's (Smee's -backend-kube-api)."},
      {.key = "namespace",
       .type = T::String,
       .description = "Watch Hardware only in this namespace (Smee's -backend-kube-namespace). "
                      "Empty: every namespace."},
      {.key = "service_account_dir",
       .type = T::String,
       .default_value = "/var/run/secrets/kubernetes.io/serviceaccount",
       .description = "Where the in-cluster token, ca.crt and namespace are read from."},
      {.key = "page_size",
       .type = T::Int,
       .default_value = "500",
       .description = "Objects per list request (limit=); larger lists are paginated.",
       .min = 1,
       .max = 10000},
      {.key = "watch_timeout",
       .type = T::Duration,
       .default_value = "5m",
       .description = "How long one watch request lasts before it is renewed (timeoutSeconds)."},
      {.key = "request_timeout",
       .type = T::Duration,
       .default_value = "60s",
       .description = "Read timeout of list requests."},
      {.key = "backoff_initial",
       .type = T::Duration,
       .default_value = "500ms",
       .description = "First wait after a failed request; doubles up to backoff_max, with jitter."},
      {.key = "backoff_max",
       .type = T::Duration,
       .default_value = "30s",
       .description = "Longest wait between retries."},
  };
  // The guard judges re-lists only: the first list after start-up is taken
  // whole, so a restart also accepts what the guard refused.
  for (ConfigKey& row : backend_file::reloadGuardSchema(
           "A refused re-list is retried with back-off; restarting smeed accepts it too (the "
           "first list has nothing to keep).")) {
    schema.push_back(std::move(row));
  }
  return schema;
}

void KubeBackendPlugin::configure(const ConfigValues& config, PluginContext& context) {
  AccessRequest request;
  if (const std::string& path = config.getString("config"); !path.empty()) {
    request.explicit_path = context.resolvePath(path);
  }
  request.api_override = config.getString("api");
  request.service_account_dir = config.getString("service_account_dir");

  ReflectorOptions options;
  options.namespace_ = config.getString("namespace");
  options.page_size = static_cast<int>(config.getInt("page_size"));
  options.watch_timeout =
      std::chrono::duration_cast<std::chrono::seconds>(config.getDuration("watch_timeout"));
  if (options.watch_timeout.count() < 1) {
    throw ConfigError("watch_timeout", "must be at least 1s");
  }
  options.request_timeout = config.getDuration("request_timeout");
  options.backoff_initial = config.getDuration("backoff_initial");
  options.backoff_max = config.getDuration("backoff_max");
  options.guard = backend_file::reloadGuardPolicy(config);
  if (options.backoff_initial.count() < 1 || options.backoff_max < options.backoff_initial) {
    throw ConfigError("backoff_max", "must be at least backoff_initial, which must be above 0");
  }

  ApiAccess access;
  try {
    access = loadApiAccess(request, [](const char* name) { return std::getenv(name); });
  } catch (const KubeconfigError& e) {
    // Blame `api` only when it alone was given.
    const bool api_alone = config.isExplicit("api") && !config.isExplicit("config");
    throw ConfigError(api_alone ? "api" : "config", e.what());
  }
  Poco::Net::initializeSSL();
  ssl_initialized_ = true;
  Logger logger = context.logger();
  try {
    backend_ = std::make_shared<KubeBackend>(std::move(access), options, logger, context.metrics());
  } catch (const KubeconfigError& e) {
    throw ConfigError("config", e.what());
  }
  logger.info("kubernetes backend configured",
              {{"api", backend_->client().server()},
               {"from", backend_->client().access().origin},
               {"namespace", options.namespace_.empty() ? "(all)" : options.namespace_}});
  context.provide<BackendReader>(std::string(kInstance), backend_);
}

void KubeBackendPlugin::start(PluginContext& /*context*/) {
  if (backend_) backend_->start();
}

void KubeBackendPlugin::stop() noexcept {
  if (backend_) backend_->stop();
}

KubeBackendPlugin::~KubeBackendPlugin() {
  backend_.reset();
  // Reference-counted by Poco: the ISO plugin may still use TLS.
  if (ssl_initialized_) Poco::Net::uninitializeSSL();
}

bool KubeBackendPlugin::ready() const { return backend_ && backend_->ready(); }

}  // namespace smee::backend_kube
