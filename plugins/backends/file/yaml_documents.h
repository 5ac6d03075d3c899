#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace smee::plugins::backend_file {

// YAML::LoadAll, minus yaml-cpp 0.7's endless loop: a document that starts
// with a token no node can begin with (a stray "," at the top level) makes
// LoadAll append empty documents until memory runs out (jbeder/yaml-cpp
// #1040, fixed upstream by #1319, after Debian 12's 0.7.0). A first pass
// with an event handler that builds nothing stops when a document does not
// move the parser forward; LoadAll then only runs on input it can finish.
// Throws YAML::ParserException (with a Mark) like LoadAll.
std::vector<YAML::Node> loadYamlDocuments(const std::string& text);

}  // namespace smee::plugins::backend_file
