#pragma once

#include <yaml-cpp/yaml.h>

#include "parse_collector.h"

namespace smee::plugins::backend_file {

// True for a mapping that is itself a Kubernetes-style object (it has a
// `kind`), as opposed to Smee's MAC-keyed mapping.
bool looksLikeKubernetesObject(const YAML::Node& mapping);

// Reads the monorepo's format: tinkerbell.org/v1alpha1 Hardware objects, as a
// list, a single object, or a List / HardwareList with `items`. One record
// per interface that has a dhcp.mac.
void parseHardwareObjects(const YAML::Node& node, ParseCollector& collector);

}  // namespace smee::plugins::backend_file
