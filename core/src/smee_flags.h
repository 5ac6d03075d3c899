#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config_decoder.h"
#include "smee/export.h"

namespace smee {

enum class SmeeFlagKind { Bool, String, Int, Duration };

// One flag of Smee's command line (spec 1.3) and where smeed puts its value:
// either a config key (`block`.`key`) or, for the -*-enabled flags, whether
// the plugin `toggles` is loaded.
struct SmeeFlag {
  std::string_view name;  // without dashes: "dhcp-mode"
  SmeeFlagKind kind;
  std::string_view default_text;  // Smee's default; "<auto>" = detected public IPv4
  std::string_view usage;         // Smee's usage text, starting with its [tag]
  std::string_view block;         // config block, "smee" for the core
  std::string_view key;           // key within the block
  std::string_view toggles;       // plugin switched by a -*-enabled flag
};

SMEE_API const std::vector<SmeeFlag>& smeeFlags();
SMEE_API const SmeeFlag* findSmeeFlag(std::string_view name);
// SMEE_ + upper-cased name with '-', '.' and '/' turned into '_'.
SMEE_API std::string smeeEnvName(std::string_view flag_name);

// Plugins a Smee command line runs when no config file is given, in the
// order Smee starts its services.
SMEE_API std::vector<std::string> smeeDefaultPlugins();

struct PluginToggle {
  std::string plugin;
  bool enabled = false;
  std::string origin;  // "flag -dhcp-enabled", "env SMEE_DHCP_ENABLED"
};

// Everything a Smee command line and environment say, as smeed settings.
struct SmeeSettings {
  std::vector<ConfigOverride> overrides;
  std::vector<PluginToggle> toggles;
};

using EnvLookup = std::function<const char*(const char*)>;

// Applies flag > environment precedence (an empty variable is ignored, as in
// Smee) and validates each value's form. `given` maps flag name -> value
// from the command line. Throws smee::Error naming the flag or variable.
SMEE_API SmeeSettings resolveSmeeSettings(const std::map<std::string, std::string>& given,
                                          const EnvLookup& env);

// Every flag in the order Smee's usage lists them (see smeeFlagsUsage).
SMEE_API std::vector<const SmeeFlag*> smeeFlagsInUsageOrder();

// Smee's usage text layout: flags grouped by their [tag], tags in plain
// string order (untagged first), names in lexical order within a tag.
SMEE_API std::string smeeFlagsUsage(std::string_view detected_public_ip);

}  // namespace smee
