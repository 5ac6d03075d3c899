#include "yaml_cpp_tree.h"

#include "hardware_object_format.h"

namespace smee::backend_file {

namespace {

constexpr int kMaxDepth = 200;

Position positionOf(const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0 || mark.column < 0) return {};
  return {mark.line + 1, mark.column + 1};
}

YamlNode::Ptr convert(const YAML::Node& node, int depth) {
  const Position at = node.IsDefined() ? positionOf(node.Mark()) : Position{};
  if (depth > kMaxDepth) return std::make_shared<const YamlNode>(YamlNode::Kind::Null, at);
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return std::make_shared<const YamlNode>(node.Scalar(), at);
    case YAML::NodeType::Sequence: {
      auto list = std::make_shared<YamlNode>(YamlNode::Kind::Sequence, at);
      for (const YAML::Node& item : node) list->append(convert(item, depth + 1));
      return list;
    }
    case YAML::NodeType::Map: {
      auto map = std::make_shared<YamlNode>(YamlNode::Kind::Map, at);
      for (auto it = node.begin(); it != node.end(); ++it) {
        map->append(convert(it->first, depth + 1), convert(it->second, depth + 1));
      }
      return map;
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return std::make_shared<const YamlNode>(YamlNode::Kind::Null, at);
}

}  // namespace

YamlNode::Ptr fromYamlCpp(const YAML::Node& node) { return convert(node, 0); }

void parseHardwareObjects(const YAML::Node& node, ParseCollector& collector) {
  parseHardwareObjects(*fromYamlCpp(node), collector);
}

}  // namespace smee::backend_file
