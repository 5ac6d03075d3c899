#include "hardware_stream.h"

#include <string>

#include "hardware_object_format.h"
#include "smee_format.h"

namespace smee::backend_file {

namespace {

// A mapping is Smee's format once a MAC key shows up before any `kind` or
// `apiVersion` key, or after this many other keys: a Kubernetes object has
// a handful of top-level fields, and this bounds what a mapping of garbage
// keys holds in memory before its entries are read one by one.
constexpr std::size_t kMaxLeadingKeys = 64;

bool isKindKey(const YamlNode& key) {
  return key.isScalar() && (key.scalar() == "kind" || key.scalar() == "apiVersion");
}

}  // namespace

HardwareStream::HardwareStream(std::string_view yaml, ParseCollector& collector)
    : reader_(yaml), collector_(collector) {}

HardwareStream::HardwareStream(YamlInput& input, ParseCollector& collector)
    : reader_(input), collector_(collector) {}

std::optional<DocumentError> HardwareStream::readAll() {
  if (reader_.peek() == YamlEventReader::Event::StreamStart) reader_.skip();
  while (reader_.peek() == YamlEventReader::Event::DocumentStart) {
    reader_.skip();
    reader_.startDocument();
    if (auto error = readDocument()) return error;
    if (reader_.peek() != YamlEventReader::Event::DocumentEnd) {
      throw YamlSyntaxError("expected the end of the document", reader_.peekPosition());
    }
    reader_.skip();
  }
  return std::nullopt;
}

// Dispatches one document by its shape; a shape neither format has is the
// whole file's error, since nothing in it can be trusted.
std::optional<DocumentError> HardwareStream::readDocument() {
  switch (reader_.peek()) {
    case YamlEventReader::Event::SequenceStart:
      readTopSequence();
      return std::nullopt;
    case YamlEventReader::Event::MappingStart:
      readTopMapping();
      return std::nullopt;
    default:
      break;
  }
  const YamlNode::Ptr node = reader_.readNode();
  if (node->isNull()) return std::nullopt;
  const Position at = positionOf(*node);
  return DocumentError{
      "expected a mapping of MAC addresses to hardware records (Smee's format) or a list of "
      "Hardware objects, found " +
          describeNode(*node),
      at.line, at.column};
}

void HardwareStream::readTopSequence() {
  format_ = HardwareFormat::HardwareObjects;
  reader_.skip();
  for (std::size_t i = 0; reader_.peek() != YamlEventReader::Event::SequenceEnd; ++i) {
    const YamlNode::Ptr item = reader_.readNode();
    parseHardwareObject(*item, "[" + std::to_string(i) + "]", 0, collector_);
  }
  reader_.skip();
}

// The items of a top-level object, read as items of a List; what stands in
// for them in the object's tree is an empty list at the same place.
YamlNode::Ptr HardwareStream::readItemsAhead() {
  const Position at = reader_.peekPosition();
  reader_.skip();
  for (std::size_t i = 0; reader_.peek() != YamlEventReader::Event::SequenceEnd; ++i) {
    const YamlNode::Ptr item = reader_.readNode();
    parseHardwareObject(*item, "items[" + std::to_string(i) + "]", 1, collector_);
  }
  reader_.skip();
  return std::make_shared<const YamlNode>(YamlNode::Kind::Sequence, at);
}

void HardwareStream::readTopMapping() {
  auto object = std::make_shared<YamlNode>(YamlNode::Kind::Map, reader_.peekPosition());
  reader_.skip();
  bool smee = false;
  bool kubernetes = false;
  std::optional<ParseCollector::Checkpoint> before_items;
  const YamlNode* items_read_ahead = nullptr;
  while (reader_.peek() != YamlEventReader::Event::MappingEnd) {
    const YamlNode::Ptr key = reader_.readNode();
    if (smee) {
      parseSmeeRecord(*key, *reader_.readNode(), collector_);
      continue;
    }
    kubernetes = kubernetes || isKindKey(*key);
    if (!kubernetes && (isMacKey(*key) || object->size() >= kMaxLeadingKeys)) {
      smee = true;
      if (before_items) collector_.rollback(*before_items);
      for (const YamlNode::Pair& pair : object->pairs()) {
        parseSmeeRecord(*pair.key, *pair.value, collector_);
      }
      object.reset();
      parseSmeeRecord(*key, *reader_.readNode(), collector_);
      continue;
    }
    if (!before_items && key->isScalar() && key->scalar() == "items" &&
        reader_.peek() == YamlEventReader::Event::SequenceStart) {
      before_items = collector_.checkpoint();
      YamlNode::Ptr stand_in = readItemsAhead();
      items_read_ahead = stand_in.get();
      object->append(key, std::move(stand_in));
      continue;
    }
    object->append(key, reader_.readNode());
  }
  reader_.skip();
  format_ = HardwareFormat::SmeeMacMapping;
  if (smee) return;
  if (looksLikeKubernetesObject(*object)) {
    format_ = HardwareFormat::HardwareObjects;
    if (before_items && !listReadsItems(*object, *items_read_ahead)) {
      collector_.rollback(*before_items);
    }
    parseHardwareObjects(*object, collector_);
    return;
  }
  if (before_items) collector_.rollback(*before_items);
  parseSmeeMacMapping(*object, collector_);
}

}  // namespace smee::backend_file
