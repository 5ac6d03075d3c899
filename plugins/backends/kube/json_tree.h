#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>

namespace smee::plugins::backend_kube {

// A JSON text as a yaml-cpp tree, built straight from json_scan's walk:
// the file backend's Hardware reader works on YAML nodes, and building them
// this way skips yaml-cpp's character-level YAML scanner, which dominated
// the cost of a large list. Strings, numbers and booleans become scalars
// holding their text (as YAML::Load would give them); null becomes a null
// node. Nullopt with `error` when the text is not well-formed JSON.
std::optional<YAML::Node> yamlFromJson(std::string_view json, std::string& error);

}  // namespace smee::plugins::backend_kube
