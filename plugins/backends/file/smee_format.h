#pragma once

#include <yaml-cpp/yaml.h>

#include "parse_collector.h"

namespace smee::plugins::backend_file {

// Reads Smee's file format: a mapping from MAC address to a record whose
// keys match in any letter case, plus the monorepo's extra fields.
void parseSmeeMacMapping(const YAML::Node& mapping, ParseCollector& collector);

}  // namespace smee::plugins::backend_file
