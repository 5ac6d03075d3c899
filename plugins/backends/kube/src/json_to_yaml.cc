#include "json_to_yaml.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "json_reader.h"

namespace smee::backend_kube {

YAML::Node yamlFromJson(const Poco::Dynamic::Var& value) {
  if (value.isEmpty()) return YAML::Node(YAML::NodeType::Null);
  if (isJsonObject(value)) {
    YAML::Node map(YAML::NodeType::Map);
    const auto& object = *value.extract<Poco::JSON::Object::Ptr>();
    for (const auto& [key, member] : object) map.force_insert(key, yamlFromJson(member));
    return map;
  }
  if (isJsonArray(value)) {
    YAML::Node sequence(YAML::NodeType::Sequence);
    const auto& array = *value.extract<Poco::JSON::Array::Ptr>();
    for (const auto& element : array) sequence.push_back(yamlFromJson(element));
    return sequence;
  }
  if (value.isBoolean()) return YAML::Node(value.extract<bool>() ? "true" : "false");
  // Strings and numbers: their text (Poco prints a double the short way,
  // "1.5", "1000" for 1e3).
  return YAML::Node(value.convert<std::string>());
}

}  // namespace smee::backend_kube
