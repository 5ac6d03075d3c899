#pragma once

#include <Poco/Dynamic/Var.h>
#include <yaml-cpp/yaml.h>

namespace smee::backend_kube {

// A parsed JSON value as the yaml-cpp tree the file backend's Hardware
// reader works on, so both backends convert with the same code. Strings,
// numbers and booleans become scalars holding their text (as YAML::Load
// would give them); null becomes a null node. The value comes from
// parseJsonObject, so its depth is already bounded.
YAML::Node yamlFromJson(const Poco::Dynamic::Var& value);

}  // namespace smee::backend_kube
