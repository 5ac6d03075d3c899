#include "yaml_event_reader.h"

#include <memory>
#include <optional>

namespace smee::backend_file {

namespace {

// Deeper than any hardware record needs; a "[[[[..." bomb stops here
// instead of exhausting the stack.
constexpr int kMaxDepth = 200;

Position positionOf(const yaml_mark_t& mark) {
  return {static_cast<int>(mark.line) + 1, static_cast<int>(mark.column) + 1};
}

YamlEventReader::Event kindOf(const yaml_event_t& event) {
  switch (event.type) {
    case YAML_STREAM_START_EVENT:
      return YamlEventReader::Event::StreamStart;
    case YAML_DOCUMENT_START_EVENT:
      return YamlEventReader::Event::DocumentStart;
    case YAML_DOCUMENT_END_EVENT:
      return YamlEventReader::Event::DocumentEnd;
    case YAML_SCALAR_EVENT:
      return YamlEventReader::Event::Scalar;
    case YAML_ALIAS_EVENT:
      return YamlEventReader::Event::Alias;
    case YAML_SEQUENCE_START_EVENT:
      return YamlEventReader::Event::SequenceStart;
    case YAML_SEQUENCE_END_EVENT:
      return YamlEventReader::Event::SequenceEnd;
    case YAML_MAPPING_START_EVENT:
      return YamlEventReader::Event::MappingStart;
    case YAML_MAPPING_END_EVENT:
      return YamlEventReader::Event::MappingEnd;
    case YAML_NO_EVENT:
    case YAML_STREAM_END_EVENT:
      break;
  }
  return YamlEventReader::Event::StreamEnd;
}

// libyaml's wording for the mistakes people make by hand, in the words
// smeed used before it read files with libyaml (yaml-cpp's), so messages
// and what operators grep for stay the same. Anything else is libyaml's
// own text.
// `c` is the character libyaml stopped on, '\0' when unknown.
std::string describeProblem(const yaml_parser_t& parser, char c) {
  const std::string problem = parser.problem != nullptr ? parser.problem : "syntax error";
  if (problem == "mapping values are not allowed in this context") return "illegal map value";
  if (problem == "found a tab character that violates indentation" ||
      (c == '\t' && problem == "found character that cannot start any token")) {
    return "illegal tab when looking for indentation";
  }
  if (c == ',' && (problem == "did not find expected node content" ||
                   problem == "did not find expected <document start>")) {
    return "unexpected \",\" outside [ ] or { }";
  }
  std::string message = problem;
  if (parser.context != nullptr) message += " " + std::string(parser.context);
  return message;
}

std::string textOf(const yaml_char_t* chars) {
  return chars == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(chars));
}

YamlNode::Ptr scalarNode(const yaml_event_t& event, const Position& at) {
  std::string value(reinterpret_cast<const char*>(event.data.scalar.value),
                    event.data.scalar.length);
  // Only a plain (unquoted) ~, null or empty value is null: "null" in
  // quotes is a string.
  const bool plain = event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
  if (plain && isYamlNullWord(value)) {
    return std::make_shared<const YamlNode>(YamlNode::Kind::Null, at);
  }
  return std::make_shared<const YamlNode>(std::move(value), at);
}

}  // namespace

YamlEventReader::YamlEventReader(std::string_view text) : text_(text) {
  yaml_parser_initialize(&parser_);
  yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
}

YamlEventReader::YamlEventReader(YamlInput& input) : input_(&input) {
  yaml_parser_initialize(&parser_);
  yaml_parser_set_input(&parser_, &YamlEventReader::readInput, this);
}

int YamlEventReader::readInput(void* self, unsigned char* buffer, std::size_t size,
                               std::size_t* got) {
  auto& reader = *static_cast<YamlEventReader*>(self);
  char* into = reinterpret_cast<char*>(buffer);
  if (!reader.input_->read(into, size, *got)) {
    reader.input_failed_ = true;
    return 0;
  }
  reader.previous_chunk_.swap(reader.chunk_);
  reader.previous_chunk_start_ = reader.chunk_start_;
  reader.chunk_start_ += reader.previous_chunk_.size();
  reader.chunk_.assign(into, *got);
  return 1;
}

// libyaml counts characters, not bytes; the two agree in the ASCII that
// hardware files are written in, and the message only loses its wording,
// not its position, where they do not.
char YamlEventReader::charAt(std::size_t index) const {
  // The character at `index` if `bytes`, starting at offset `start`, hold it.
  const auto within = [index](std::string_view bytes, std::size_t start) -> std::optional<char> {
    if (index < start || index - start >= bytes.size()) return std::nullopt;
    return bytes[index - start];
  };
  if (input_ == nullptr) return within(text_, 0).value_or('\0');
  return within(chunk_, chunk_start_)
      .value_or(within(previous_chunk_, previous_chunk_start_).value_or('\0'));
}

YamlEventReader::~YamlEventReader() {
  if (has_event_) yaml_event_delete(&event_);
  yaml_parser_delete(&parser_);
}

void YamlEventReader::fail() {
  if (input_failed_) throw YamlInputError(input_->error());
  const Position at = positionOf(parser_.problem_mark);
  throw YamlSyntaxError(describeProblem(parser_, charAt(parser_.problem_mark.index)), at);
}

void YamlEventReader::fill() {
  if (has_event_) return;
  if (!yaml_parser_parse(&parser_, &event_)) fail();
  has_event_ = true;
}

YamlEventReader::Event YamlEventReader::peek() {
  fill();
  return kindOf(event_);
}

Position YamlEventReader::peekPosition() {
  fill();
  return positionOf(event_.start_mark);
}

void YamlEventReader::skip() {
  fill();
  // The end of the stream stays; nothing follows it.
  if (event_.type == YAML_STREAM_END_EVENT) return;
  yaml_event_delete(&event_);
  has_event_ = false;
}

YamlNode::Ptr YamlEventReader::readNode() { return readNode(0); }

YamlNode::Ptr YamlEventReader::readNode(int depth) {
  fill();
  const Position at = positionOf(event_.start_mark);
  if (depth > kMaxDepth) {
    throw YamlSyntaxError("nested deeper than " + std::to_string(kMaxDepth) + " levels", at);
  }
  std::string anchor;
  YamlNode::Ptr node;
  switch (event_.type) {
    case YAML_ALIAS_EVENT: {
      const std::string name = textOf(event_.data.alias.anchor);
      const auto it = anchors_.find(name);
      // An alias inside its own anchor (a cycle) finds nothing yet, too.
      if (it == anchors_.end()) throw YamlSyntaxError("unknown anchor *" + name, at);
      skip();
      return it->second;
    }
    case YAML_SCALAR_EVENT: {
      anchor = textOf(event_.data.scalar.anchor);
      node = scalarNode(event_, at);
      skip();
      break;
    }
    case YAML_SEQUENCE_START_EVENT: {
      anchor = textOf(event_.data.sequence_start.anchor);
      skip();
      auto list = std::make_shared<YamlNode>(YamlNode::Kind::Sequence, at);
      while (peek() != Event::SequenceEnd) list->append(readNode(depth + 1));
      skip();
      node = std::move(list);
      break;
    }
    case YAML_MAPPING_START_EVENT: {
      anchor = textOf(event_.data.mapping_start.anchor);
      skip();
      auto map = std::make_shared<YamlNode>(YamlNode::Kind::Map, at);
      while (peek() != Event::MappingEnd) {
        YamlNode::Ptr key = readNode(depth + 1);
        map->append(std::move(key), readNode(depth + 1));
      }
      skip();
      node = std::move(map);
      break;
    }
    default:
      throw YamlSyntaxError("unexpected content", at);
  }
  if (!anchor.empty()) anchors_[anchor] = node;
  return node;
}

}  // namespace smee::backend_file
