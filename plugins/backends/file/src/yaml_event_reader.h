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

// The input could not be read (an I/O error, a file over its size limit):
// not a fault of the YAML, so it carries no position.
class YamlInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bytes for the reader when the text is not held in memory: a file read a
// chunk at a time, so a large hardware file never sits whole in RAM.
class YamlInput {
 public:
  virtual ~YamlInput() = default;
  // Up to `room` bytes into `into`; `got` 0 is the end. False on a failure,
  // which error() then describes.
  virtual bool read(char* into, std::size_t room, std::size_t& got) = 0;
  virtual std::string error() const = 0;
};

// libyaml's event stream over a text held in memory or read from a
// YamlInput, one event at a time, so the caller decides what becomes a tree
// (one record) and what is only walked past (the list or mapping holding
// every record).
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
  // `input` must outlive the reader. Throws YamlInputError where the input fails.
  explicit YamlEventReader(YamlInput& input);
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
  static int readInput(void* self, unsigned char* buffer, std::size_t size, std::size_t* got);
  char charAt(std::size_t index) const;

  yaml_parser_t parser_;
  yaml_event_t event_;
  bool has_event_ = false;
  std::string_view text_;
  // Reading from an input, the last two chunks it gave are kept (with the
  // offset each starts at) so an error message can look at the character
  // libyaml stopped on, as it does in a text held whole.
  YamlInput* input_ = nullptr;
  bool input_failed_ = false;
  std::string chunk_, previous_chunk_;
  std::size_t chunk_start_ = 0, previous_chunk_start_ = 0;
  std::map<std::string, YamlNode::Ptr, std::less<>> anchors_;
};

}  // namespace smee::backend_file
