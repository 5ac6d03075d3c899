#pragma once

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "reload_guard.h"
#include "smee/config_schema.h"
#include "smee/log.h"
#include "smee/metrics.h"
#include "smee/plugin_context.h"

namespace smee::backend_file::testing {

// Keeps every log line (the text after the logger's pattern) for asserts.
class CapturingSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::vector<std::string> lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }
  // Lines containing `needle`.
  std::size_t count(const std::string& needle);
  void clear() {
    std::lock_guard lock(mutex_);
    lines_.clear();
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}

 private:
  std::vector<std::string> lines_;
};

// A Logger writing to a fresh CapturingSink; never registered with spdlog.
struct CapturedLog {
  CapturedLog();
  std::shared_ptr<CapturingSink> sink;
  Logger logger;
};

// A PluginContext for one plugin, with paths resolved against `config_dir`.
class FakeContext final : public PluginContext {
 public:
  explicit FakeContext(std::filesystem::path config_dir);

  const std::string& pluginName() const override { return name_; }
  Logger logger(std::string_view component = {}) override;
  Metrics& metrics() override { return metrics_; }
  const RuntimeInfo& runtime() const override { return runtime_; }
  std::filesystem::path resolvePath(std::string_view path) const override;
  bool processReady() const override { return true; }

  CapturingSink& log() { return *log_.sink; }
  std::map<std::string, std::shared_ptr<void>>& services() { return services_; }

 protected:
  void provideService(std::string_view interface_id, const std::string& instance,
                      std::shared_ptr<void> impl) override;
  std::shared_ptr<void> requireService(std::string_view interface_id,
                                       std::string_view instance) override;
  std::shared_ptr<void> findService(std::string_view interface_id,
                                    std::string_view instance) override;
  std::vector<std::string> serviceInstances(std::string_view interface_id) override;

 private:
  std::string name_ = "backend-file";
  CapturedLog log_;
  Metrics metrics_;
  RuntimeInfo runtime_;
  std::map<std::string, std::shared_ptr<void>> services_;
};

// A fresh folder under /tmp, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

void writeFile(const std::filesystem::path& path, const std::string& content);
// Writes a sibling temporary file and rename()s it over `path`, as editors
// and config management tools do.
void replaceAtomically(const std::filesystem::path& path, const std::string& content);

// Polls `condition` until it holds or `limit` passes; never sleeps longer
// than needed and never hangs a test.
bool eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds limit = std::chrono::seconds(5));

// Config values as the core would decode them for this plugin.
ConfigValues pluginConfig(const std::string& path, bool watch = true,
                          std::chrono::milliseconds poll_interval = std::chrono::seconds(2),
                          const ReloadGuardPolicy& guard = {});

}  // namespace smee::backend_file::testing
