#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config_decoder.h"
#include "config_file.h"
#include "host.h"
#include "plugin_loader.h"
#include "smee/export.h"
#include "smee/log.h"
#include "smee/plugin.h"

namespace smee {

class PluginContextImpl;

// Drives every plugin through create -> configure -> start -> stop ->
// destroy, in dependency order (reverse order to stop). Every call into a
// plugin is wrapped so that an exception becomes a smee::Error naming the
// plugin. Libraries stay mapped until this object is destroyed, after the
// plugin objects and the services they registered are gone.
class SMEE_API PluginManager {
 public:
  explicit PluginManager(Host& host);
  ~PluginManager();
  PluginManager(const PluginManager&) = delete;
  PluginManager& operator=(const PluginManager&) = delete;

  // Opens and checks every plugin, then orders them by provides/requires.
  // Each plugin from the first directory of `plugin_path` that has it.
  void load(const std::vector<PluginListEntry>& plugins,
            const std::vector<std::filesystem::path>& plugin_path);
  void load(const std::vector<PluginListEntry>& plugins, const std::filesystem::path& plugin_dir) {
    load(plugins, std::vector<std::filesystem::path>{plugin_dir});
  }
  // create(), decode each block through the plugin's schema, configure();
  // then freezes the service registry.
  void configure(const ConfigDocument& doc, const std::vector<ConfigOverride>& overrides);
  // start() in order; if one fails the started ones are stopped again.
  void start();
  // stop() in reverse order; safe to call twice.
  void stop() noexcept;
  // SIGHUP: reload() on every started plugin; failures are logged, not fatal.
  void reload();
  bool ready() const;

  // Plugin names in dependency order.
  std::vector<std::string> names() const;

 private:
  struct Loaded;
  void destroyAll() noexcept;
  Host& host_;
  Logger log_;
  std::vector<std::unique_ptr<Loaded>> plugins_;
};

// What `smeed --describe NAME` prints: the descriptor and the config table.
struct PluginDescription {
  std::string name;
  std::string version;
  std::string description;
  std::filesystem::path path;
  std::vector<std::string> provides;
  std::vector<std::string> requires_;
  ConfigSchema schema;
};
SMEE_API PluginDescription describePlugin(const std::filesystem::path& plugin_dir,
                                          const std::string& name);
SMEE_API std::string formatDescription(const PluginDescription& description);

}  // namespace smee
