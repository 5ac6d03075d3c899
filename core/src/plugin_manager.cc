#include "plugin_manager.h"

#include <yaml-cpp/exceptions.h>

#include <cstdlib>
#include <functional>

#include "log_system.h"
#include "plugin_context_impl.h"
#include "plugin_graph.h"
#include "smee/errors.h"

namespace smee {

enum class PluginState { Opened, Created, Configured, Started, Stopped };

struct PluginManager::Loaded {
  OpenedPlugin opened;
  Plugin* instance = nullptr;
  std::unique_ptr<PluginContextImpl> context;
  ConfigValues config;
  PluginState state = PluginState::Opened;
};

namespace {

// Runs `call` inside the plugin; any exception becomes a smee::Error that
// names the plugin and the step (Kea's try/catch around every callout).
void atBoundary(const std::string& plugin, const char* step, const std::function<void()>& call,
                const ConfigValues* config = nullptr) {
  try {
    call();
  } catch (const ConfigError& e) {
    if (config) rethrowWithOrigin(plugin, *config, e.key(), e.what());
    throw Error("plugin '" + plugin + "': " + step + ": " + e.what());
  } catch (const Error& e) {
    std::string what = e.what();
    if (what.rfind("plugin '", 0) == 0) throw;
    throw Error("plugin '" + plugin + "': " + step + " failed: " + what);
  } catch (const YAML::Exception& e) {
    throw Error("plugin '" + plugin + "': " + step + " failed: YAML error: " + e.what());
  } catch (const std::exception& e) {
    throw Error("plugin '" + plugin + "': " + step + " failed: " + e.what());
  } catch (...) {
    throw Error("plugin '" + plugin + "': " + step + " failed with an unknown exception");
  }
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

// Where libraries go when SMEE_PLUGIN_NO_UNLOAD=1: never closed, so
// sanitizers and profilers keep the plugins' symbols until exit.
void keepMappedForever(std::shared_ptr<boost::dll::shared_library> library) {
  static auto* kept = new std::vector<std::shared_ptr<boost::dll::shared_library>>();
  kept->push_back(std::move(library));
}

}  // namespace

PluginManager::PluginManager(Host& host) : host_(host), log_(LogSystem::logger("smeed")) {
  host_.ready_check = [this] { return ready(); };
}

PluginManager::~PluginManager() {
  host_.ready_check = nullptr;
  stop();
  host_.services.clear();
  destroyAll();
  const char* no_unload = std::getenv("SMEE_PLUGIN_NO_UNLOAD");
  bool keep = no_unload && std::string(no_unload) == "1";
  for (auto& plugin : plugins_) {
    if (keep) keepMappedForever(plugin->opened.library);
  }
  plugins_.clear();
}

void PluginManager::load(const std::vector<PluginListEntry>& plugins,
                         const std::vector<std::filesystem::path>& plugin_path) {
  std::vector<std::unique_ptr<Loaded>> opened;
  for (const auto& entry : plugins) {
    auto loaded = std::make_unique<Loaded>();
    // The first directory that has it; none: the first, whose check names the miss.
    std::filesystem::path dir = findPluginDir(plugin_path, entry.name);
    loaded->opened = openPlugin(dir.empty() ? plugin_path.front() : dir, entry.name);
    opened.push_back(std::move(loaded));
  }
  std::vector<PluginNode> nodes;
  nodes.reserve(opened.size());
  for (const auto& loaded : opened) {
    nodes.push_back({loaded->opened.name, loaded->opened.provides, loaded->opened.requires_});
  }
  for (auto index : dependencyOrder(nodes)) {
    auto& loaded = opened[index];
    log_.debug("plugin loaded", {{"plugin", loaded->opened.name},
                                 {"version", loaded->opened.descriptor->version},
                                 {"path", loaded->opened.path.string()},
                                 {"provides", joined(loaded->opened.provides)},
                                 {"requires", joined(loaded->opened.requires_)}});
    plugins_.push_back(std::move(loaded));
  }
}

void PluginManager::configure(const ConfigDocument& doc,
                              const std::vector<ConfigOverride>& overrides) {
  for (auto& plugin : plugins_) {
    const std::string& name = plugin->opened.name;
    atBoundary(name, "create", [&] {
      plugin->instance = static_cast<Plugin*>(plugin->opened.descriptor->create());
    });
    if (!plugin->instance) throw Error("plugin '" + name + "': create() returned nothing");
    plugin->state = PluginState::Created;
    plugin->context = std::make_unique<PluginContextImpl>(host_, plugin->opened);
    ConfigSchema schema;
    atBoundary(name, "schema", [&] { schema = plugin->instance->schema(); });
    auto block = doc.blocks.find(name);
    plugin->config =
        decodeBlock(name, schema, block == doc.blocks.end() ? YAML::Node() : block->second,
                    doc.fileName(), overrides);
    atBoundary(
        name, "configure", [&] { plugin->instance->configure(plugin->config, *plugin->context); },
        &plugin->config);
    plugin->state = PluginState::Configured;
  }
  host_.services.freeze();
}

void PluginManager::start() {
  for (auto& plugin : plugins_) {
    try {
      plugin->state = PluginState::Started;  // stop() must run even if start() half-succeeded
      atBoundary(plugin->opened.name, "start", [&] { plugin->instance->start(*plugin->context); });
    } catch (...) {
      stop();
      throw;
    }
    log_.info("plugin started", {{"plugin", plugin->opened.name}});
  }
}

void PluginManager::stop() noexcept {
  for (auto it = plugins_.rbegin(); it != plugins_.rend(); ++it) {
    auto& plugin = **it;
    if (plugin.state != PluginState::Started) continue;
    plugin.instance->stop();
    plugin.state = PluginState::Stopped;
    log_.info("plugin stopped", {{"plugin", plugin.opened.name}});
  }
}

void PluginManager::destroyAll() noexcept {
  for (auto it = plugins_.rbegin(); it != plugins_.rend(); ++it) {
    auto& plugin = **it;
    if (plugin.instance) {
      try {
        plugin.opened.descriptor->destroy(plugin.instance);
      } catch (...) {
        log_.error("plugin destroy threw; ignored", {{"plugin", plugin.opened.name}});
      }
      plugin.instance = nullptr;
    }
    plugin.context.reset();
  }
}

void PluginManager::reload() {
  for (auto& plugin : plugins_) {
    if (plugin->state != PluginState::Started) continue;
    try {
      atBoundary(plugin->opened.name, "reload",
                 [&] { plugin->instance->reload(*plugin->context); });
    } catch (const Error& e) {
      log_.error("reload failed", {{"plugin", plugin->opened.name}, {"error", e.what()}});
    }
  }
}

bool PluginManager::ready() const {
  for (const auto& plugin : plugins_) {
    if (plugin->state != PluginState::Started) return false;
    bool ok = false;
    try {
      ok = plugin->instance->ready();
    } catch (...) {
      ok = false;
    }
    if (!ok) return false;
  }
  return true;
}

std::vector<std::string> PluginManager::names() const {
  std::vector<std::string> out;
  for (const auto& plugin : plugins_) out.push_back(plugin->opened.name);
  return out;
}

PluginDescription describePlugin(const std::filesystem::path& plugin_dir, const std::string& name) {
  OpenedPlugin opened = openPlugin(plugin_dir, name);
  const auto* d = opened.descriptor;
  PluginDescription out{name,
                        d->version ? d->version : "",
                        d->description ? d->description : "",
                        opened.path,
                        opened.provides,
                        opened.requires_,
                        {}};
  Plugin* instance = nullptr;
  atBoundary(name, "create", [&] { instance = static_cast<Plugin*>(d->create()); });
  if (!instance) throw Error("plugin '" + name + "': create() returned nothing");
  try {
    atBoundary(name, "schema", [&] { out.schema = instance->schema(); });
  } catch (...) {
    d->destroy(instance);
    throw;
  }
  d->destroy(instance);
  return out;
}

std::string formatDescription(const PluginDescription& description) {
  std::string out =
      description.name + " " + description.version + ": " + description.description + "\n";
  out += "  file:     " + description.path.string() + "\n";
  out +=
      "  provides: " + (description.provides.empty() ? "-" : joined(description.provides)) + "\n";
  out += "  requires: " + (description.requires_.empty() ? "-" : joined(description.requires_)) +
         "\n\n";
  std::size_t key_width = 3, type_width = 4, default_width = 7;
  for (const auto& row : description.schema) {
    key_width = std::max(key_width, row.key.size());
    type_width = std::max(type_width, configTypeName(row.type).size());
    default_width = std::max(default_width, row.default_value.size() + 2);
  }
  auto pad = [](std::string text, std::size_t width) {
    text.resize(std::max(width, text.size()), ' ');
    return text;
  };
  out += "  " + pad("key", key_width) + "  " + pad("type", type_width) + "  " +
         pad("default", default_width) + "  description\n";
  for (const auto& row : description.schema) {
    std::string text = row.description;
    if (row.type == ConfigType::Enum) {
      std::string choices;
      for (const auto& choice : row.choices) choices += (choices.empty() ? "" : ", ") + choice;
      text += " (one of: " + choices + ")";
    }
    if (row.type == ConfigType::Int && (row.min != INT64_MIN || row.max != INT64_MAX)) {
      text += " (" + std::to_string(row.min) + ".." + std::to_string(row.max) + ")";
    }
    out += "  " + pad(row.key, key_width) + "  " +
           pad(std::string(configTypeName(row.type)), type_width) + "  " +
           pad("\"" + row.default_value + "\"", default_width) + "  " + text + "\n";
  }
  return out;
}

}  // namespace smee
