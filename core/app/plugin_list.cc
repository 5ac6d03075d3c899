#include "plugin_list.h"

#include <map>

#include "plugin_loader.h"
#include "smee/errors.h"
#include "smee/plugin_abi.h"

namespace smee::app {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "-" : out;
}

std::string padded(std::string text, std::size_t width) {
  if (text.size() < width) text.resize(width, ' ');
  return text + "  ";
}

}  // namespace

std::string listPlugins(const std::vector<std::filesystem::path>& path) {
  std::string out =
      padded("PLUGIN", 20) + padded("VERSION", 8) + padded("DIRECTORY", 32) + "PROVIDES\n";
  std::map<std::string, std::filesystem::path> first_seen;
  for (const auto& dir : path) {
    for (const auto& name : pluginNamesIn(dir)) {
      std::string line = padded(name, 20);
      if (auto seen = first_seen.find(name); seen != first_seen.end()) {
        out += line + padded("", 8) + padded(dir.string(), 32) + "(shadowed by " +
               seen->second.string() + ")\n";
        continue;
      }
      first_seen.emplace(name, dir);
      try {
        OpenedPlugin opened = openPlugin(dir, name);
        out += line + padded(opened.descriptor->version ? opened.descriptor->version : "", 8) +
               padded(dir.string(), 32) + joined(opened.provides) + "\n";
      } catch (const Error& e) {
        out += line + padded("-", 8) + padded(dir.string(), 32) + "refused: " + e.what() + "\n";
      }
    }
  }
  if (first_seen.empty()) out += "(no plugin found)\n";
  out += "search path: ";
  for (std::size_t i = 0; i < path.size(); ++i) out += (i ? ":" : "") + path[i].string();
  return out + "\n";
}

}  // namespace smee::app
