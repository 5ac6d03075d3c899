#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "smee/export.h"

namespace smee {

// "file:line:column" (1-based) for a node of `file`.
SMEE_API std::string markText(const std::string& file, const YAML::Mark& mark);

struct PluginListEntry {
  std::string name;
  std::string origin;  // where it was named: "etc/smee.conf:4:5", "flag -dhcp-enabled"
};

// etc/smee.conf split into its parts, not yet checked against any schema.
// Top level: `smee:` (the core block), `plugins:` (what to load, in any
// order; the dependency graph decides the order), and one block per plugin,
// named after it.
// YAML::Node has no move, so moving a document copies nodes, which may
// allocate (bugprone-exception-escape); it is moved only while starting.
struct ConfigDocument {        // NOLINT(bugprone-exception-escape)
  std::filesystem::path path;  // empty when running on built-in defaults
  YAML::Node core_block;
  std::vector<PluginListEntry> plugins;
  std::map<std::string, YAML::Node> blocks;
  std::map<std::string, YAML::Mark> block_marks;  // where each block's name is

  std::string fileName() const { return path.empty() ? std::string("<defaults>") : path.string(); }
};

// Reads and splits a config file. Throws smee::Error with file:line:column
// for YAML syntax errors and for a wrong shape (plugins not a list, ...).
SMEE_API ConfigDocument loadConfigFile(const std::filesystem::path& path);
// The same from text, for tests and for error messages naming `file_name`.
SMEE_API ConfigDocument parseConfigText(const std::string& text, const std::string& file_name);

}  // namespace smee
