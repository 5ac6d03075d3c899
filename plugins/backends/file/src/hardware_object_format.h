#pragma once

#include <string>

#include "parse_collector.h"

namespace YAML {
class Node;
}

namespace smee::backend_file {

// True for a mapping that is itself a Kubernetes-style object (it has a
// `kind`), as opposed to Smee's MAC-keyed mapping.
bool looksLikeKubernetesObject(const YamlNode& mapping);

// Reads the monorepo's format: tinkerbell.org/v1alpha1 Hardware objects, as a
// list, a single object, or a List / HardwareList with `items`. One record
// per interface that has a dhcp.mac.
void parseHardwareObjects(const YamlNode& node, ParseCollector& collector);
// The same from a yaml-cpp tree (the Kubernetes backend builds one from the
// API server's JSON); see yaml_cpp_tree.h.
void parseHardwareObjects(const YAML::Node& node, ParseCollector& collector);

// One object of a list, named `where` in problems ("[3]", "items[7]");
// `depth` counts the Lists around it (a List inside a List is refused).
void parseHardwareObject(const YamlNode& object, const std::string& where, int depth,
                         ParseCollector& collector);

// True when `object`, read as a top-level object, is a List / HardwareList
// whose items are `items` (the last `items` key written): the streaming
// reader has read those items ahead and keeps them only then.
bool listReadsItems(const YamlNode& object, const YamlNode& items);

}  // namespace smee::backend_file
