#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "hardware_parser.h"

namespace smee::plugins::backend_file {

// 1-based editor position of a node; {0, 0} when yaml-cpp has none.
struct Position {
  int line = 0;
  int column = 0;
};

Position positionOf(const YAML::Node& node);
Position positionOf(const YAML::Mark& mark);

// "a mapping", "a list", "a string", "nothing": for "expected X, found Y".
std::string describeNode(const YAML::Node& node);

// Gathers what the format parsers produce and, once every document is read,
// flags MACs and IPs that more than one record claims.
class ParseCollector {
 public:
  explicit ParseCollector(ParseOutcome& outcome) : outcome_(outcome) {}

  void addProblem(RecordProblem problem) { outcome_.problems.push_back(std::move(problem)); }
  void addRecord(HardwareRecord record, std::string subject, Position at);
  void addMalformed(const MacAddress& mac, std::optional<Ipv4Address> ip, std::string reason,
                    std::string subject, Position at);
  void reportDuplicates();

 private:
  // Where each record (servable or not) came from, for duplicate reports.
  struct Site {
    MacAddress mac;
    std::optional<Ipv4Address> ip;
    std::string subject;
    Position at;
  };
  ParseOutcome& outcome_;
  std::vector<Site> sites_;
};

// Problems about one record: the subject is fixed, field and place vary.
class RecordProblems {
 public:
  RecordProblems(ParseCollector& collector, std::string subject)
      : collector_(collector), subject_(std::move(subject)) {}

  void add(std::string field, std::string message, ProblemImpact impact, Position at);
  void add(std::string field, std::string message, ProblemImpact impact, const YAML::Node& at) {
    add(std::move(field), std::move(message), impact, positionOf(at));
  }
  const std::string& subject() const { return subject_; }

  // Every RecordMalformed problem so far, as "field: message", joined: the
  // detail a lookup for this record answers with.
  const std::string& malformedReason() const { return malformed_reason_; }
  bool malformed() const { return !malformed_reason_.empty(); }

 private:
  ParseCollector& collector_;
  std::string subject_;
  std::string malformed_reason_;
};

}  // namespace smee::plugins::backend_file
