#pragma once

#include <yaml-cpp/yaml.h>

#include "yaml_tree.h"

namespace smee::backend_file {

// A yaml-cpp tree as the hardware readers' YamlNode, positions included.
// The Kubernetes backend builds yaml-cpp trees from the API server's JSON;
// converting them lets both backends share one reader. Nesting deeper than
// the file reader allows reads as null (yaml-cpp trees can even be cyclic).
YamlNode::Ptr fromYamlCpp(const YAML::Node& node);

}  // namespace smee::backend_file
