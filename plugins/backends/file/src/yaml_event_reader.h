#pragma once

#include <yaml.h>

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "yaml_tree.h"

namespace smee::backend_file {

// Bad YAML, with where the parser stopped.
class YamlSyntaxError : public std::runtime_error {
 public:
  YamlSyntaxError(const std::string& message, Position at) : std::runtime_error(message), at_(at) {}
  Position position() const { return at_; }

 private:
  Position at_;
};

// libyaml's event stream over a text held in memory, one event at a time,
// so the caller decides what becomes a tree (one record) and what is only
// walked past (the list or mapping holding every record).
class YamlEventReader {
 public:
  enum class Event {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Scalar,
    Alias,
    SequenceStart,
    SequenceEnd,
    MappingStart,
    MappingEnd
  };

  // `text` must outlive the reader.
  explicit YamlEventReader(std::string_view text);
  ~YamlEventReader();
  YamlEventReader(const YamlEventReader&) = delete;
  YamlEventReader& operator=(const YamlEventReader&) = delete;

  // The next event, without consuming it. Throws YamlSyntaxError.
  Event peek();
  Position peekPosition();
  // Consumes the peeked event.
  void skip();
  // Consumes one whole node (a scalar, an alias, or a list / mapping with
  // everything inside it) and returns it as a tree. Anchors are remembered
  // until the document ends, so a later alias shares the node.
  YamlNode::Ptr readNode();
  // Anchors belong to one document.
  void startDocument() { anchors_.clear(); }

 private:
  YamlNode::Ptr readNode(int depth);
  void fill();
  [[noreturn]] void fail();

  yaml_parser_t parser_;
  yaml_event_t event_;
  bool has_event_ = false;
  std::string_view text_;
  std::map<std::string, YamlNode::Ptr, std::less<>> anchors_;
};

}  // namespace smee::backend_file
