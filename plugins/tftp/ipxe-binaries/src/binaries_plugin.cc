#include "binaries_plugin.h"

#include <filesystem>

#include "directory_source.h"
#include "script_patch.h"
#include "smee/errors.h"
#include "smee/plugin_context.h"

namespace smee::ipxe_binaries {
namespace fs = std::filesystem;

ConfigSchema BinariesPlugin::schema() const {
  return {
      {.key = "dir",
       .type = ConfigType::String,
       .default_value = "/usr/lib/ipxe",
       .description = "iPXE binaries (Debian's ipxe package installs them here)"},
      {.key = "extra_dir",
       .type = ConfigType::String,
       .default_value = "",
       .description = "operator binaries, searched first (e.g. an arm64 snp.efi)"},
      {.key = "asset_dir",
       .type = ConfigType::String,
       .default_value = "",
       .description =
           "other boot files by relative path (pxelinux, u-boot, Raspberry Pi firmware)"},
      {.key = "script_patch",
       .type = ConfigType::String,
       .default_value = "",
       .description =
           "iPXE script text written over the 131-byte marker of binaries that carry it"},
  };
}

void BinariesPlugin::configure(const ConfigValues& config, PluginContext& context) {
  const std::string& patch = config.getString("script_patch");
  if (patch.size() > scriptPatchMarker().size()) {
    throw ConfigError("script_patch", "is " + std::to_string(patch.size()) +
                                          " bytes; it must fit the 131-byte marker");
  }
  std::vector<fs::path> dirs;
  for (const char* key : {"extra_dir", "dir"}) {
    const std::string& text = config.getString(key);
    if (text.empty()) continue;
    fs::path dir = context.resolvePath(text);
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw ConfigError(key, dir.string() + " is not a directory");
    dirs.push_back(dir);
  }
  fs::path assets;
  if (!config.getString("asset_dir").empty()) {
    assets = context.resolvePath(config.getString("asset_dir"));
    std::error_code ec;
    if (!fs::is_directory(assets, ec))
      throw ConfigError("asset_dir", assets.string() + " is not a directory");
  }
  context.provide<IpxeBinarySource>("default",
                                    std::make_shared<DirectorySource>(dirs, assets, patch));
}

void BinariesPlugin::start(PluginContext& /*context*/) {}

}  // namespace smee::ipxe_binaries
