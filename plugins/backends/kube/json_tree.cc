#include "json_tree.h"

#include "json_scan.h"

namespace smee::plugins::backend_kube {

namespace {

// Same bound as the scanner's, so no input recurses deeper than it does.
constexpr int kMaxDepth = 64;

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t' ||
                           text.front() == '\r')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t' ||
                           text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

std::optional<YAML::Node> build(std::string_view raw, int depth, std::string& error) {
  raw = trimmed(raw);
  if (depth > kMaxDepth) {
    error = "nested too deeply";
    return std::nullopt;
  }
  if (raw.empty()) {
    error = "expected a value";
    return std::nullopt;
  }
  if (raw.front() == '{') {
    const auto members = objectMembers(raw, error);
    if (!members) return std::nullopt;
    YAML::Node map(YAML::NodeType::Map);
    for (const auto& [key, value] : *members) {
      auto child = build(value, depth + 1, error);
      if (!child) return std::nullopt;
      map.force_insert(key, *child);
    }
    return map;
  }
  if (raw.front() == '[') {
    const auto elements = arrayElements(raw, error);
    if (!elements) return std::nullopt;
    YAML::Node sequence(YAML::NodeType::Sequence);
    for (std::string_view element : *elements) {
      auto child = build(element, depth + 1, error);
      if (!child) return std::nullopt;
      sequence.push_back(*child);
    }
    return sequence;
  }
  if (raw.front() == '"') {
    auto text = stringValue(raw);
    if (!text) {
      error = "malformed string";
      return std::nullopt;
    }
    return YAML::Node(*text);
  }
  if (raw == "null") return YAML::Node(YAML::NodeType::Null);
  // A number or a boolean: the scanner checked its spelling in the parent;
  // a bare top-level literal is checked here.
  if (raw == "true" || raw == "false" || raw.front() == '-' || (raw.front() >= '0' && raw.front() <= '9')) {
    return YAML::Node(std::string(raw));
  }
  error = "unexpected text";
  return std::nullopt;
}

}  // namespace

std::optional<YAML::Node> yamlFromJson(std::string_view json, std::string& error) {
  try {
    return build(json, 0, error);
  } catch (const YAML::Exception& e) {
    error = e.what();
    return std::nullopt;
  }
}

}  // namespace smee::plugins::backend_kube
