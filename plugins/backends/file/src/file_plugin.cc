#include "file_plugin.h"

#include "smee/errors.h"

namespace smee::backend_file {

namespace {

ConfigKey configKey(std::string key, ConfigType type, std::string default_value,
                    std::string description) {
  ConfigKey row;
  row.key = std::move(key);
  row.type = type;
  row.default_value = std::move(default_value);
  row.description = std::move(description);
  return row;
}

}  // namespace

ConfigSchema FileBackendPlugin::schema() const {
  ConfigSchema schema = {
      configKey("path", ConfigType::String, "",
                "Hardware YAML file (Smee's MAC mapping or a list of Hardware objects), "
                "relative to the config file's folder. Required."),
      configKey("watch", ConfigType::Bool, "true",
                "Reload when the file changes (in-place write, rename, ConfigMap swap)."),
      configKey("poll_interval", ConfigType::Duration, "2s",
                "How often the file is also stat()ed in case a change event was missed; at "
                "least 100ms."),
  };
  for (ConfigKey& row : reloadGuardSchema(
           "SIGHUP does not re-read the config; for one reload, create a file named like the "
           "hardware file plus .allow-shrink beside it, then send SIGHUP.")) {
    schema.push_back(std::move(row));
  }
  return schema;
}

void FileBackendPlugin::configure(const ConfigValues& config, PluginContext& context) {
  const std::string& path = config.getString("path");
  if (path.empty()) throw ConfigError("path", "is required");
  poll_interval_ = config.getDuration("poll_interval");
  if (poll_interval_ < kMinPollInterval) {
    throw ConfigError("poll_interval", "must be at least 100ms, got " +
                                           std::to_string(poll_interval_.count()) + "ms");
  }
  watch_ = config.getBool("watch");
  const ReloadGuardPolicy guard = reloadGuardPolicy(config);
  path_ = context.resolvePath(path);
  logger_.emplace(context.logger());

  auto backend = std::make_shared<FileBackend>(path_, *logger_, context.metrics(), guard);
  const LoadReport report = backend->load(LoadTrigger::Startup);
  if (!report.ok) throw ConfigError("path", report.error);
  backend_ = backend;
  context.provide<BackendReader>(std::string(kInstance), backend);
}

void FileBackendPlugin::start(PluginContext& /*context*/) {
  if (!watch_ || !backend_ || watcher_) return;
  WatchOptions options;
  options.poll_interval = poll_interval_;
  // The watcher holds a weak reference: it must not keep the backend alive
  // past the plugin, and stop() joins it before the backend goes away anyway.
  std::weak_ptr<FileBackend> weak = backend_;
  watcher_ = std::make_unique<FileWatcher>(
      path_, options,
      [weak] {
        if (auto backend = weak.lock()) backend->load(LoadTrigger::Change);
      },
      *logger_);
  watcher_->start(backend_->lastReadHash());
}

void FileBackendPlugin::stop() noexcept {
  if (watcher_) {
    watcher_->stop();
    watcher_.reset();
  }
}

void FileBackendPlugin::reload(PluginContext& /*context*/) {
  if (backend_) backend_->load(LoadTrigger::Signal);
}

bool FileBackendPlugin::ready() const { return backend_ && backend_->ready(); }

}  // namespace smee::backend_file
