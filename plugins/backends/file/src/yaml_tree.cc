#include "yaml_tree.h"

#include <array>

namespace smee::backend_file {

const YamlNode& YamlNode::undefined() {
  static const YamlNode kUndefined(Kind::Undefined, Position{});
  return kUndefined;
}

const YamlNode& YamlNode::operator[](std::size_t i) const {
  return i < items_.size() ? *items_[i] : undefined();
}

std::string describeNode(const YamlNode& node) {
  switch (node.kind()) {
    case YamlNode::Kind::Map:
      return "a mapping";
    case YamlNode::Kind::Sequence:
      return "a list";
    case YamlNode::Kind::Scalar: {
      // Quoted back to the user, so keep a stray binary blob readable.
      constexpr std::size_t kMaxShown = 40;
      std::string shown = node.scalar().substr(0, kMaxShown);
      for (char& c : shown) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
      }
      if (node.scalar().size() > kMaxShown) shown += "...";
      return "\"" + shown + "\"";
    }
    case YamlNode::Kind::Null:
    case YamlNode::Kind::Undefined:
      break;
  }
  return "nothing";
}

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// "true", "TRUE" and "True", not "tRUE".
bool isFlexibleCase(std::string_view text) {
  if (text.empty()) return true;
  const auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  bool rest_lower = true;
  bool rest_upper = true;
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (is_upper(text[i])) rest_lower = false;
    if (text[i] >= 'a' && text[i] <= 'z') rest_upper = false;
  }
  return rest_lower || (is_upper(text[0]) && rest_upper);
}

}  // namespace

bool decodeYamlBool(std::string_view text, bool& value) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kNames = {{
      {"y", "n"},
      {"yes", "no"},
      {"true", "false"},
      {"on", "off"},
  }};
  if (!isFlexibleCase(text)) return false;
  std::string folded(text);
  for (char& c : folded) c = lower(c);
  for (const auto& [yes, no] : kNames) {
    if (folded == yes) {
      value = true;
      return true;
    }
    if (folded == no) {
      value = false;
      return true;
    }
  }
  return false;
}

bool isYamlNullWord(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

}  // namespace smee::backend_file
