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
  std::filesystem::path plugin_dir;
  std::vector<std::string> warnings;  // logged once logging is configured
};

// Where plugins are looked for when neither --plugin-dir nor smee.plugin_dir
// says: <exe dir>/plugins (build tree), <exe dir>/../lib/smee/plugins
// (installed), then the compiled-in install path.
std::filesystem::path defaultPluginDir(const std::filesystem::path& exe_dir);

// Throws smee::Error (config problems) or UsageError (bad flag values).
Startup assembleStartup(const CommandLine& cli, const EnvLookup& env,
                        const std::filesystem::path& exe_dir);

}  // namespace smee::app
