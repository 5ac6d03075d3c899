#include "config_file.h"

#include <fstream>
#include <set>
#include <sstream>

#include "smee/errors.h"

namespace smee {

std::string markText(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null()) return file;
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

namespace {

std::vector<PluginListEntry> readPluginList(const YAML::Node& node, const std::string& file) {
  if (!node.IsSequence()) {
    throw Error(markText(file, node.Mark()) +
                ": 'plugins' must be a list of plugin names, e.g. [backend-file, dhcp]");
  }
  std::vector<PluginListEntry> plugins;
  std::set<std::string> seen;
  for (const auto& item : node) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      throw Error(markText(file, item.Mark()) + ": a plugin name must be a non-empty string");
    }
    const std::string& name = item.Scalar();
    if (!seen.insert(name).second) {
      throw Error(markText(file, item.Mark()) + ": plugin '" + name + "' is listed twice");
    }
    plugins.push_back({name, markText(file, item.Mark())});
  }
  return plugins;
}

}  // namespace

ConfigDocument parseConfigText(const std::string& text, const std::string& file_name) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw Error(markText(file_name, e.mark) + ": invalid YAML: " + e.msg);
  }
  ConfigDocument doc;
  doc.path = file_name;
  if (root.IsNull()) return doc;
  if (!root.IsMap()) {
    throw Error(markText(file_name, root.Mark()) +
                ": the config must be a mapping with 'smee', 'plugins' and one block per plugin");
  }
  for (const auto& item : root) {
    if (!item.first.IsScalar()) {
      throw Error(markText(file_name, item.first.Mark()) + ": top-level keys must be names");
    }
    const std::string& key = item.first.Scalar();
    if (key == "smee") {
      doc.core_block = item.second;
    } else if (key == "plugins") {
      doc.plugins = readPluginList(item.second, file_name);
    } else if (!doc.blocks.emplace(key, item.second).second) {
      throw Error(markText(file_name, item.first.Mark()) + ": block '" + key + "' appears twice");
    } else {
      doc.block_marks[key] = item.first.Mark();
    }
  }
  return doc;
}

ConfigDocument loadConfigFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(path.string() + ": cannot read the config file: " +
                (std::filesystem::exists(path) ? "permission denied" : "no such file"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parseConfigText(text.str(), path.string());
}

}  // namespace smee
