#include "test_support.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "smee/errors.h"

namespace smee::backend_file::testing {

std::size_t CapturingSink::count(const std::string& needle) {
  std::size_t n = 0;
  for (const auto& line : lines()) {
    if (line.find(needle) != std::string::npos) ++n;
  }
  return n;
}

void CapturingSink::sink_it_(const spdlog::details::log_msg& msg) {
  lines_.emplace_back(std::string(spdlog::level::to_string_view(msg.level).data(),
                                  spdlog::level::to_string_view(msg.level).size()) +
                      " " + std::string(msg.payload.data(), msg.payload.size()));
}

CapturedLog::CapturedLog()
    : sink(std::make_shared<CapturingSink>()),
      logger(std::make_shared<spdlog::logger>("backend-file-test", sink)) {}

FakeContext::FakeContext(std::filesystem::path config_dir) {
  runtime_.version = "test";
  runtime_.config_dir = std::move(config_dir);
}

Logger FakeContext::logger(std::string_view) { return log_.logger; }

std::filesystem::path FakeContext::resolvePath(std::string_view path) const {
  std::filesystem::path p(path);
  return p.is_absolute() ? p : runtime_.config_dir / p;
}

void FakeContext::provideService(std::string_view interface_id, const std::string& instance,
                                 std::shared_ptr<void> impl) {
  services_[std::string(interface_id) + ":" + instance] = std::move(impl);
}

std::shared_ptr<void> FakeContext::requireService(std::string_view interface_id,
                                                  std::string_view instance) {
  auto found = findService(interface_id, instance);
  if (!found) throw smee::Error("no service " + std::string(interface_id));
  return found;
}

std::shared_ptr<void> FakeContext::findService(std::string_view interface_id,
                                               std::string_view instance) {
  auto it = services_.find(std::string(interface_id) + ":" + std::string(instance));
  return it == services_.end() ? nullptr : it->second;
}

std::vector<std::string> FakeContext::serviceInstances(std::string_view interface_id) {
  std::vector<std::string> names;
  const std::string prefix = std::string(interface_id) + ":";
  for (const auto& [key, value] : services_) {
    if (key.starts_with(prefix)) names.push_back(key.substr(prefix.size()));
  }
  return names;
}

TempDir::TempDir() {
  std::string pattern = "/tmp/smeed-backend-file-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void writeFile(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

void replaceAtomically(const std::filesystem::path& path, const std::string& content) {
  const auto temporary = path.parent_path() / (".tmp-" + path.filename().string());
  writeFile(temporary, content);
  std::filesystem::rename(temporary, path);
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

ConfigValues pluginConfig(const std::string& path, bool watch,
                          std::chrono::milliseconds poll_interval, const ReloadGuardPolicy& guard) {
  ConfigValues values;
  values.set("path", path, "test", true);
  values.set("watch", watch, "test", true);
  values.set("poll_interval", poll_interval, "test", true);
  values.set("min_records", static_cast<std::int64_t>(guard.min_records), "test", true);
  values.set("max_drop_ratio", std::to_string(guard.max_drop_ratio), "test", true);
  values.set("allow_shrink", guard.allow_shrink, "test", true);
  return values;
}

}  // namespace smee::backend_file::testing
