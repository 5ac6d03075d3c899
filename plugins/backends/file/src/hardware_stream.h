#pragma once

#include <optional>
#include <string_view>

#include "hardware_parser.h"
#include "parse_collector.h"
#include "yaml_event_reader.h"

namespace smee::backend_file {

// Reads a hardware file's documents record by record: each entry of Smee's
// MAC mapping and each item of a list of Hardware objects becomes a small
// tree, is handed to its format's reader, and is dropped. Only a document
// that is one object (a single Hardware, a List's own fields) is kept whole
// while it is read; a List's `items` are read ahead one by one and kept only
// if the object turns out to be a List (`kind` usually comes after `items`).
class HardwareStream {
 public:
  HardwareStream(std::string_view yaml, ParseCollector& collector);
  HardwareStream(YamlInput& input, ParseCollector& collector);

  // Throws YamlSyntaxError (YamlInputError from an input); a document of a shape neither format has
  // is returned.
  std::optional<DocumentError> readAll();
  HardwareFormat format() const { return format_; }

 private:
  std::optional<DocumentError> readDocument();
  void readTopSequence();
  void readTopMapping();
  YamlNode::Ptr readItemsAhead();

  YamlEventReader reader_;
  ParseCollector& collector_;
  HardwareFormat format_ = HardwareFormat::Empty;
};

}  // namespace smee::backend_file
