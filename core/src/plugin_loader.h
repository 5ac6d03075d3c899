#pragma once

#include <boost/dll/shared_library.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "smee/export.h"
#include "smee/plugin_abi.h"

namespace smee {

// "backend-file" -> <dir>/libsmee_backend_file.so
SMEE_API std::filesystem::path pluginFileFor(const std::filesystem::path& plugin_dir,
                                             const std::string& name);
// The first directory of `path` that holds the plugin's file, or empty.
SMEE_API std::filesystem::path findPluginDir(const std::vector<std::filesystem::path>& path,
                                             const std::string& name);
// The names of the plugin files in a directory (libsmee_backend_file.so ->
// "backend-file"), sorted; empty when the directory cannot be read.
SMEE_API std::vector<std::string> pluginNamesIn(const std::filesystem::path& plugin_dir);

// An opened plugin library whose descriptor passed every check. Nothing in
// the plugin has run yet except what the dynamic loader runs itself.
struct OpenedPlugin {
  std::string name;
  std::filesystem::path path;
  std::shared_ptr<boost::dll::shared_library> library;
  const smee_plugin_descriptor_v1* descriptor = nullptr;
  std::vector<std::string> provides;   // "interface/vN:instance"
  std::vector<std::string> requires_;  // "interface/vN" or "interface/vN:instance"
};

// Opens <plugin_dir>/libsmee_<name>.so with RTLD_NOW | RTLD_LOCAL and checks
// the descriptor: entry point present, ABI version, struct size, name,
// build signature, create/destroy set, well-formed provides/requires. Each
// failure throws smee::Error "plugin '<name>': <reason>".
SMEE_API OpenedPlugin openPlugin(const std::filesystem::path& plugin_dir, const std::string& name);

// The signature this core was built with (SMEE_BUILD_SIGNATURE).
SMEE_API const char* coreBuildSignature();

}  // namespace smee
