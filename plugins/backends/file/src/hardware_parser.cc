#include "hardware_parser.h"

#include <algorithm>
#include <climits>
#include <exception>
#include <utility>

#include "hardware_stream.h"
#include "parse_collector.h"

namespace smee::backend_file {

std::string_view problemImpactName(ProblemImpact impact) {
  switch (impact) {
    case ProblemImpact::Note:
      return "note";
    case ProblemImpact::FieldDropped:
      return "field ignored";
    case ProblemImpact::RecordDropped:
      return "record ignored";
    case ProblemImpact::RecordMalformed:
      return "record not served";
    case ProblemImpact::Ambiguous:
      return "ambiguous";
  }
  return "unknown";
}

std::string_view hardwareFormatName(HardwareFormat format) {
  switch (format) {
    case HardwareFormat::Empty:
      return "empty";
    case HardwareFormat::SmeeMacMapping:
      return "smee";
    case HardwareFormat::HardwareObjects:
      return "hardware";
  }
  return "unknown";
}

namespace {

// Readers report in the order they look at fields; a user reads the file
// top to bottom. Problems without a position go last.
void sortByPosition(std::vector<RecordProblem>& problems) {
  std::stable_sort(problems.begin(), problems.end(),
                   [](const RecordProblem& a, const RecordProblem& b) {
                     const auto key = [](const RecordProblem& p) {
                       return std::pair(p.line == 0 ? INT_MAX : p.line, p.column);
                     };
                     return key(a) < key(b);
                   });
}

ParseOutcome failed(DocumentError error) {
  ParseOutcome outcome;
  outcome.error = std::move(error);
  return outcome;
}

// `source` is the text (std::string_view) or a YamlInput&.
template <typename Source>
ParseOutcome parseWith(Source&& source, RecordSink* sink) noexcept {
  try {
    ParseOutcome outcome;
    std::optional<ParseCollector> collector;
    if (sink != nullptr) {
      collector.emplace(outcome, *sink);
    } else {
      collector.emplace(outcome);
    }
    HardwareStream stream(source, *collector);
    if (auto error = stream.readAll()) return failed(std::move(*error));
    outcome.format = stream.format();
    collector->reportDuplicates();
    sortByPosition(outcome.problems);
    return outcome;
  } catch (const YamlSyntaxError& e) {
    const Position at = e.position();
    return failed({std::string("invalid YAML: ") + e.what(), at.line, at.column});
  } catch (const YamlInputError& e) {
    return failed({e.what(), 0, 0});
  } catch (const std::exception& e) {
    return failed({std::string("cannot read the document: ") + e.what(), 0, 0});
  } catch (...) {
    return failed({"cannot read the document", 0, 0});
  }
}

}  // namespace

ParseOutcome parseHardwareDocument(std::string_view yaml) noexcept {
  return parseWith(yaml, nullptr);
}

ParseOutcome parseHardwareDocument(std::string_view yaml, RecordSink& sink) noexcept {
  return parseWith(yaml, &sink);
}

ParseOutcome parseHardwareDocument(YamlInput& input, RecordSink& sink) noexcept {
  return parseWith(input, &sink);
}

}  // namespace smee::backend_file
