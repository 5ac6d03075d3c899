#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "command_line.h"
#include "config_decoder.h"
#include "config_file.h"
#include "smee_flags.h"

namespace smee::app {

// The core block's table (`smee:` in the config).
ConfigSchema coreSchema();

// Everything smeed needs to start, after the config file, Smee flags and
// SMEE_* variables have been merged: flag > environment > file > default.
struct Startup {
  ConfigDocument doc;
  ConfigValues core;
  std::vector<ConfigOverride> overrides;
  std::vector<PluginListEntry> plugins;
  std::vector<std::filesystem::path> plugin_path;  // searched in order
  std::vector<std::string> warnings;               // logged once logging is configured
};

// Where plugins are looked for when neither --plugin-dir nor smee.plugin_dir
// says: <exe dir>/plugins (build tree), <exe dir>/../lib/smee/plugins
// (installed), then the compiled-in install path.
std::filesystem::path defaultPluginDir(const std::filesystem::path& exe_dir);

// The plugin search path: --plugin-dir alone when given; otherwise the
// directories of SMEE_PLUGIN_PATH (colon-separated), then smee.plugin_dirs
// (relative to the config file), then smee.plugin_dir or the default.
// `core` may be null (no config decoded, as for --describe).
std::vector<std::filesystem::path> pluginSearchPath(const CommandLine& cli, const EnvLookup& env,
                                                    const std::filesystem::path& exe_dir,
                                                    const ConfigValues* core);
// The same for a command line alone: the config file's smee block is read
// when -c is given (--describe, --list-plugins).
std::vector<std::filesystem::path> pluginSearchPathFor(const CommandLine& cli, const EnvLookup& env,
                                                       const std::filesystem::path& exe_dir);
std::string joinedPath(const std::vector<std::filesystem::path>& path);

// Throws smee::Error (config problems) or UsageError (bad flag values).
Startup assembleStartup(const CommandLine& cli, const EnvLookup& env,
                        const std::filesystem::path& exe_dir);

}  // namespace smee::app
