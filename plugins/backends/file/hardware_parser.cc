#include "hardware_parser.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <climits>
#include <exception>
#include <utility>

#include "hardware_object_format.h"
#include "parse_collector.h"
#include "smee_format.h"
#include "yaml_documents.h"

namespace smee::plugins::backend_file {

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

DocumentError errorAt(std::string message, const YAML::Mark& mark) {
  const Position at = positionOf(mark);
  return {std::move(message), at.line, at.column};
}

// Dispatches one YAML document by its shape; a shape neither format has is
// the whole file's error, since nothing in it can be trusted.
std::optional<DocumentError> parseDocument(const YAML::Node& document, ParseCollector& collector,
                                           HardwareFormat& format) {
  switch (document.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return std::nullopt;
    case YAML::NodeType::Map:
      if (looksLikeKubernetesObject(document)) {
        format = HardwareFormat::HardwareObjects;
        parseHardwareObjects(document, collector);
      } else {
        format = HardwareFormat::SmeeMacMapping;
        parseSmeeMacMapping(document, collector);
      }
      return std::nullopt;
    case YAML::NodeType::Sequence:
      format = HardwareFormat::HardwareObjects;
      parseHardwareObjects(document, collector);
      return std::nullopt;
    case YAML::NodeType::Scalar:
      break;
  }
  return errorAt(
      "expected a mapping of MAC addresses to hardware records (Smee's format) or a "
      "list of Hardware objects, found " +
          describeNode(document),
      document.Mark());
}

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

}  // namespace

ParseOutcome parseHardwareDocument(std::string_view yaml) noexcept {
  try {
    const std::vector<YAML::Node> documents = loadYamlDocuments(std::string(yaml));
    ParseOutcome outcome;
    ParseCollector collector(outcome);
    for (const YAML::Node& document : documents) {
      if (auto error = parseDocument(document, collector, outcome.format)) {
        return failed(std::move(*error));
      }
    }
    collector.reportDuplicates();
    sortByPosition(outcome.problems);
    return outcome;
  } catch (const YAML::Exception& e) {
    return failed(errorAt("invalid YAML: " + e.msg, e.mark));
  } catch (const std::exception& e) {
    return failed({std::string("cannot read the document: ") + e.what(), 0, 0});
  } catch (...) {
    return failed({"cannot read the document", 0, 0});
  }
}

}  // namespace smee::plugins::backend_file
