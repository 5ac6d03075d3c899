#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "smee/config_schema.h"
#include "smee/export.h"

namespace smee {

// A value set from outside the config file: a Smee flag or SMEE_* variable.
struct ConfigOverride {
  std::string block;   // plugin name, or "smee" for the core block
  std::string key;     // dotted key within the block
  std::string value;   // text, parsed like a config value
  std::string origin;  // "flag -dhcp-mode", "env SMEE_DHCP_MODE"
};

// Decodes one block through its schema: defaults, then the YAML block, then
// overrides (in order, so a later one wins). Unknown keys, wrong types and
// out-of-range values throw smee::Error starting with file:line:column (or
// the override's origin) and naming block.key.
SMEE_API ConfigValues decodeBlock(const std::string& block_name, const ConfigSchema& schema,
                                  const YAML::Node& block, const std::string& file,
                                  const std::vector<ConfigOverride>& overrides);

// Re-throws a ConfigError raised by a plugin for `key` with the position
// the value came from.
[[noreturn]] SMEE_API void rethrowWithOrigin(const std::string& block_name,
                                             const ConfigValues& values, const std::string& key,
                                             const std::string& message);

}  // namespace smee
