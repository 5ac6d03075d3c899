#include "startup.h"

#include <algorithm>
#include <set>

#include "plugin_loader.h"
#include "smee/closest_name.h"
#include "smee/errors.h"

namespace smee::app {
namespace fs = std::filesystem;

ConfigSchema coreSchema() {
  return {
      {.key = "plugin_dir",
       .type = ConfigType::String,
       .default_value = "",
       .description = "smeed's own plugins (empty: next to the smeed binary); searched last"},
      {.key = "plugin_dirs",
       .type = ConfigType::StringList,
       .default_value = "",
       .description =
           "more plugin directories (third-party plugins), searched in order before plugin_dir"},
      {.key = "log.level",
       .type = ConfigType::Enum,
       .default_value = "info",
       .description = "least severe level that is logged",
       .choices = {"trace", "debug", "info", "warn", "error"}},  // trace: Smee's most verbose level
      {.key = "log.format",
       .type = ConfigType::Enum,
       .default_value = "text",
       .description = "text lines, or JSON lines with Smee's keys",
       .choices = {"text", "json"}},
      {.key = "public_ip",
       .type = ConfigType::Ipv4,
       .default_value = "",
       .description = "address advertised by default (empty: detected as Smee does)"},
      {.key = "user",
       .type = ConfigType::String,
       .default_value = "",
       .description = "user to switch to once every listener is bound (empty: stay as started)"},
  };
}

fs::path defaultPluginDir(const fs::path& exe_dir) {
  std::error_code ec;
  for (const fs::path& candidate : {exe_dir / "plugins", exe_dir / SMEE_PLUGIN_DIR_FROM_BIN}) {
    if (fs::is_directory(candidate, ec)) return candidate.lexically_normal();
  }
  return SMEE_INSTALLED_PLUGIN_DIR;
}

namespace {

void setPlugin(std::vector<PluginListEntry>& plugins, const std::string& name, bool enabled,
               const std::string& origin) {
  auto it = std::find_if(plugins.begin(), plugins.end(),
                         [&](const PluginListEntry& e) { return e.name == name; });
  if (enabled && it == plugins.end()) plugins.push_back({name, origin});
  if (!enabled && it != plugins.end()) plugins.erase(it);
}

// Smee's backend rule (spec 1.4): file or noop switches kube off; two of
// them at once is an error.
void applyBackendRule(std::vector<PluginListEntry>& plugins, const SmeeSettings& smee) {
  std::vector<std::string> chosen;
  for (const auto& toggle : smee.toggles) {
    if (toggle.enabled && (toggle.plugin == "backend-file" || toggle.plugin == "backend-noop")) {
      chosen.push_back(toggle.origin);
    }
  }
  if (chosen.size() > 1) {
    throw Error("only one backend can be enabled at a time (" + chosen[0] + ", " + chosen[1] + ")");
  }
  if (!chosen.empty()) setPlugin(plugins, "backend-kube", false, "");
}

// Smee starts its HTTP server only when one of its routes is enabled: with
// both iPXE routes switched off by flags and the ISO route not switched on,
// the http plugin (and the script generators it alone uses) are not loaded.
void applyHttpRule(std::vector<PluginListEntry>& plugins, const SmeeSettings& smee) {
  for (const auto& toggle : smee.toggles) {
    if (toggle.plugin == "iso" && toggle.enabled) return;  // /iso/ is an HTTP route
  }
  int off = 0;
  for (const auto& o : smee.overrides) {
    bool value = true;
    if (o.block == "http" && (o.key == "ipxe_binary_enabled" || o.key == "ipxe_script_enabled") &&
        parseBool(o.value, value) && !value) {
      ++off;
    }
  }
  if (off == 2) {
    setPlugin(plugins, "http", false, "");
    setPlugin(plugins, "ipxe-script", false, "");
  }
}

std::string disabledBy(const SmeeSettings& smee, const std::string& plugin) {
  for (const auto& toggle : smee.toggles) {
    if (toggle.plugin == plugin && !toggle.enabled) return toggle.origin;
  }
  return {};
}

}  // namespace

std::string joinedPath(const std::vector<fs::path>& path) {
  std::string out;
  for (const auto& dir : path) out += (out.empty() ? "" : ":") + dir.string();
  return out;
}

std::vector<fs::path> pluginSearchPath(const CommandLine& cli, const EnvLookup& env,
                                       const fs::path& exe_dir, const ConfigValues* core) {
  if (!cli.plugin_dir.empty()) return {fs::absolute(cli.plugin_dir)};
  const fs::path config_dir =
      cli.config_path.empty() ? fs::current_path() : fs::absolute(cli.config_path).parent_path();
  auto resolve = [&](const std::string& dir) {
    return fs::path(dir).is_absolute() ? fs::path(dir).lexically_normal()
                                       : (config_dir / dir).lexically_normal();
  };
  std::vector<fs::path> path;
  auto add = [&path](fs::path dir) {
    if (!dir.empty() && std::find(path.begin(), path.end(), dir) == path.end())
      path.push_back(std::move(dir));
  };
  // SMEE_PLUGIN_PATH first (the environment beats the file), then
  // smee.plugin_dirs, then smeed's own directory: a name found earlier wins.
  if (const char* value = env("SMEE_PLUGIN_PATH"); value && *value) {
    std::string list = value;
    for (std::size_t start = 0; start <= list.size();) {
      auto colon = list.find(':', start);
      std::string item =
          list.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
      if (!item.empty()) add(fs::absolute(item).lexically_normal());
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
  }
  if (core) {
    for (const auto& dir : core->getStringList("plugin_dirs")) add(resolve(dir));
  }
  const std::string own = core ? core->getString("plugin_dir") : std::string();
  add(own.empty() ? defaultPluginDir(exe_dir) : resolve(own));
  return path;
}

std::vector<fs::path> pluginSearchPathFor(const CommandLine& cli, const EnvLookup& env,
                                          const fs::path& exe_dir) {
  if (cli.config_path.empty()) return pluginSearchPath(cli, env, exe_dir, nullptr);
  ConfigDocument doc = loadConfigFile(cli.config_path);
  ConfigValues core = decodeBlock("smee", coreSchema(), doc.core_block, doc.fileName(), {});
  return pluginSearchPath(cli, env, exe_dir, &core);
}

namespace {

// A bad -smee-* flag or SMEE_* value is a usage mistake (exit 2), not a
// config error.
SmeeSettings smeeSettingsOrUsageError(const CommandLine& cli, const EnvLookup& env) {
  try {
    return resolveSmeeSettings(cli.smee_flags, env);
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
}

// Weakest first, as decodeBlock applies them: Smee's JSON default, then the
// flags and SMEE_* variables, then --user.
std::vector<ConfigOverride> coreOverrides(const CommandLine& cli, const SmeeSettings& smee,
                                          bool smee_mode) {
  std::vector<ConfigOverride> overrides;
  if (smee_mode) {
    // Smee writes JSON lines; without a config file smeed behaves as Smee.
    overrides.push_back({"smee", "log.format", "json", "Smee default (no config file)"});
  }
  overrides.insert(overrides.end(), smee.overrides.begin(), smee.overrides.end());
  if (!cli.user.empty()) overrides.push_back({"smee", "user", cli.user, "option --user"});
  return overrides;
}

// The plugin list: the file's, or Smee's services; then -*-enabled.
std::vector<PluginListEntry> requestedPlugins(const ConfigDocument& doc, const SmeeSettings& smee,
                                              bool smee_mode) {
  std::vector<PluginListEntry> plugins;
  if (smee_mode) {
    for (const auto& name : smeeDefaultPlugins()) plugins.push_back({name, "Smee default"});
  } else {
    plugins = doc.plugins;
  }
  for (const auto& toggle : smee.toggles)
    setPlugin(plugins, toggle.plugin, toggle.enabled, toggle.origin);
  applyBackendRule(plugins, smee);
  applyHttpRule(plugins, smee);
  return plugins;
}

// A typo in the plugins list: name it, and the nearest plugin there is.
[[noreturn]] void throwUnknownPlugin(const PluginListEntry& entry,
                                     const std::vector<fs::path>& plugin_path) {
  std::string message = entry.origin + ": unknown plugin '" + entry.name + "' (no " +
                        pluginFileFor(plugin_path.front(), entry.name).filename().string() +
                        " in " + joinedPath(plugin_path) + ")";
  std::vector<std::string> known;
  for (const auto& dir : plugin_path) {
    for (auto& name : pluginNamesIn(dir)) known.push_back(std::move(name));
  }
  if (auto best = closestName(entry.name, known)) {
    message += ", did you mean '" + *best + "'?";
  }
  throw Error(message);
}

// Plugins switched on by Smee defaults or flags but not built yet are
// reported and skipped; one named in the config file stays, and the
// loader then refuses it with a clear message. Returns the skipped names.
std::set<std::string> skipUnavailablePlugins(Startup& s) {
  std::set<std::string> unavailable;
  std::vector<PluginListEntry> kept;
  for (const auto& entry : s.plugins) {
    bool from_file = !s.doc.path.empty() && entry.origin.rfind(s.doc.fileName() + ":", 0) == 0;
    const bool present = !findPluginDir(s.plugin_path, entry.name).empty();
    if (from_file && !present) throwUnknownPlugin(entry, s.plugin_path);
    if (!from_file && !present) {
      unavailable.insert(entry.name);
      s.warnings.push_back("plugin '" + entry.name + "' (" + entry.origin +
                           ") is not available in this build; skipped");
      continue;
    }
    kept.push_back(entry);
  }
  s.plugins = std::move(kept);
  return unavailable;
}

void requireSomePlugin(const std::vector<PluginListEntry>& plugins, bool smee_mode) {
  if (!plugins.empty()) return;
  throw Error("nothing to run: no plugin is enabled" +
              std::string(smee_mode ? " (Smee's services are not available in this build; "
                                      "enable one, e.g. -backend-file-enabled)"
                                    : " (list plugins under 'plugins:')"));
}

bool isListed(const std::vector<PluginListEntry>& plugins, const std::string& name) {
  return std::any_of(plugins.begin(), plugins.end(),
                     [&](const PluginListEntry& e) { return e.name == name; });
}

// A flag or variable for a plugin that will not run does nothing: say so
// and why, rather than ignore it silently.
void warnAboutIdleOverrides(Startup& s, const SmeeSettings& smee,
                            const std::set<std::string>& unavailable) {
  for (const auto& o : s.overrides) {
    if (o.block == "smee" || isListed(s.plugins, o.block)) continue;
    if (o.block == "http" || o.block == "ipxe-script") continue;  // switched off by applyHttpRule
    std::string why = unavailable.count(o.block) ? "is not available in this build"
                      : !disabledBy(smee, o.block).empty()
                          ? "is disabled by " + disabledBy(smee, o.block)
                          : "is not enabled";
    s.warnings.push_back(o.origin + " sets " + o.block + "." + o.key + ", but plugin '" + o.block +
                         "' " + why + "; ignored");
  }
}

// A config block needs its plugin in the list; one a flag disabled is only
// a warning, anything else is a mistake in the file.
void checkConfigBlocks(Startup& s, const SmeeSettings& smee) {
  for (const auto& [name, block] : s.doc.blocks) {
    if (isListed(s.plugins, name)) continue;
    if (!disabledBy(smee, name).empty()) {
      s.warnings.push_back("block '" + name + "' ignored: plugin disabled by " +
                           disabledBy(smee, name));
      continue;
    }
    throw Error(markText(s.doc.fileName(), s.doc.block_marks.at(name)) + ": block '" + name +
                "' configures a plugin that is not in the 'plugins' list");
  }
}

}  // namespace

Startup assembleStartup(const CommandLine& cli, const EnvLookup& env, const fs::path& exe_dir) {
  Startup s;
  if (!cli.config_path.empty()) s.doc = loadConfigFile(cli.config_path);
  const SmeeSettings smee = smeeSettingsOrUsageError(cli, env);
  const bool smee_mode = cli.config_path.empty();
  s.overrides = coreOverrides(cli, smee, smee_mode);
  s.core = decodeBlock("smee", coreSchema(), s.doc.core_block, s.doc.fileName(), s.overrides);
  s.plugin_path = pluginSearchPath(cli, env, exe_dir, &s.core);
  s.plugins = requestedPlugins(s.doc, smee, smee_mode);
  const std::set<std::string> unavailable = skipUnavailablePlugins(s);
  requireSomePlugin(s.plugins, smee_mode);
  warnAboutIdleOverrides(s, smee, unavailable);
  checkConfigBlocks(s, smee);
  return s;
}

}  // namespace smee::app
