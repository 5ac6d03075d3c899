#include "yaml_documents.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <sstream>

namespace smee::plugins::backend_file {

namespace {

// Remembers where each document starts; every other event is ignored.
class DocumentStartProbe final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { start_ = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  const YAML::Mark& start() const { return start_; }

 private:
  YAML::Mark start_;
};

std::string unexpectedAt(const std::string& text, const YAML::Mark& mark) {
  if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text.size()) {
    return "unexpected content";
  }
  const char c = text[static_cast<std::size_t>(mark.pos)];
  if (c == ',') return "unexpected \",\" outside [ ] or { }";
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
    return "unexpected character";
  }
  return std::string("unexpected \"") + c + "\"";
}

void rejectStalledDocuments(const std::string& text) {
  std::istringstream input(text);
  YAML::Parser parser(input);
  DocumentStartProbe probe;
  bool first = true;
  int previous_start = -1;
  while (parser.HandleNextDocument(probe)) {
    if (!first && probe.start().pos == previous_start) {
      throw YAML::ParserException(probe.start(), unexpectedAt(text, probe.start()));
    }
    first = false;
    previous_start = probe.start().pos;
  }
}

}  // namespace

std::vector<YAML::Node> loadYamlDocuments(const std::string& text) {
  rejectStalledDocuments(text);
  return YAML::LoadAll(text);
}

}  // namespace smee::plugins::backend_file
