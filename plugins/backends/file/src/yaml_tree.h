#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace smee::backend_file {

// 1-based editor position; {0, 0} when unknown.
struct Position {
  int line = 0;
  int column = 0;
};

// One YAML value as the hardware readers see it: null, a scalar, a list or
// a mapping, each with where it starts. The streaming reader builds one
// small tree per record (a mapping entry, a list item) and drops it once
// the record is read, so a whole file never exists as a tree. Children are
// shared so an alias points at its anchor's node instead of copying it.
class YamlNode {
 public:
  enum class Kind { Undefined, Null, Scalar, Sequence, Map };
  using Ptr = std::shared_ptr<const YamlNode>;
  struct Pair {
    Ptr key;
    Ptr value;
  };

  YamlNode(Kind kind, Position at) : kind_(kind), at_(at) {}
  YamlNode(std::string scalar, Position at)
      : kind_(Kind::Scalar), at_(at), scalar_(std::move(scalar)) {}

  // What a lookup of an absent key answers: not even null.
  static const YamlNode& undefined();

  Kind kind() const { return kind_; }
  bool isDefined() const { return kind_ != Kind::Undefined; }
  bool isNull() const { return kind_ == Kind::Null; }
  // Absent or null: "not given" for every reader.
  bool isMissing() const { return kind_ == Kind::Undefined || kind_ == Kind::Null; }
  bool isScalar() const { return kind_ == Kind::Scalar; }
  bool isSequence() const { return kind_ == Kind::Sequence; }
  bool isMap() const { return kind_ == Kind::Map; }
  Position position() const { return at_; }

  // Empty unless a scalar.
  const std::string& scalar() const { return scalar_; }
  // Items of a list (empty otherwise); the i-th item, or undefined().
  const std::vector<Ptr>& items() const { return items_; }
  std::size_t size() const { return kind_ == Kind::Map ? pairs_.size() : items_.size(); }
  const YamlNode& operator[](std::size_t i) const;
  // Entries of a mapping in the order written; a key given twice is there twice.
  const std::vector<Pair>& pairs() const { return pairs_; }

  // For the reader that builds the tree.
  void append(Ptr item) { items_.push_back(std::move(item)); }
  void append(Ptr key, Ptr value) { pairs_.push_back({std::move(key), std::move(value)}); }

 private:
  Kind kind_;
  Position at_;
  std::string scalar_;
  std::vector<Ptr> items_;
  std::vector<Pair> pairs_;
};

// "a mapping", "a list", "\"text\"", "nothing": for "expected X, found Y".
std::string describeNode(const YamlNode& node);

inline Position positionOf(const YamlNode& node) { return node.position(); }

// yaml-cpp's (and so smeed's earlier) reading of a boolean: y/n, yes/no,
// true/false, on/off, written all lower case, all upper case or capitalised.
bool decodeYamlBool(std::string_view text, bool& value);

// What YAML 1.1 reads as null when written plain (unquoted).
bool isYamlNullWord(std::string_view text);

}  // namespace smee::backend_file
