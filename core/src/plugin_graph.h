#pragma once

#include <string>
#include <vector>

#include "smee/export.h"

namespace smee {

struct PluginNode {
  std::string name;
  std::vector<std::string> provides;  // "interface/vN:instance"
  std::vector<std::string>
      requires_;  // "interface/vN" or "interface/vN:instance", "?" prefix: optional
};

// Orders plugins so every provider comes before its consumers (ties keep the
// input order). Throws smee::Error naming the plugin for a missing
// requirement, a service provided twice, or a dependency cycle (with the
// cycle spelled out: a -> b -> a).
SMEE_API std::vector<std::size_t> dependencyOrder(const std::vector<PluginNode>& nodes);

}  // namespace smee
