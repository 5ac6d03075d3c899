#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>

#include "file_backend.h"
#include "file_watcher.h"
#include "smee/plugin.h"
#include "smee/plugin_context.h"

namespace smee::backend_file {

// Serves hardware data from a YAML file as "smee.backend/v1:file". The file
// is loaded in configure() so `smeed --check-config` reports a broken file,
// watched from start() and re-read on SIGHUP.
class FileBackendPlugin final : public smee::Plugin {
 public:
  static constexpr std::string_view kInstance = "file";
  static constexpr std::chrono::milliseconds kMinPollInterval{100};

  ConfigSchema schema() const override;
  void configure(const ConfigValues& config, PluginContext& context) override;
  void start(PluginContext& context) override;
  void stop() noexcept override;
  void reload(PluginContext& context) override;
  bool ready() const override;

 private:
  std::filesystem::path path_;
  bool watch_ = true;
  std::chrono::milliseconds poll_interval_{2000};
  std::shared_ptr<FileBackend> backend_;
  std::unique_ptr<FileWatcher> watcher_;
  std::optional<Logger> logger_;  // Logger has no empty state
};

}  // namespace smee::backend_file
