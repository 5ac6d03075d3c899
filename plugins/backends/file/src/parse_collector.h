#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "hardware_parser.h"
#include "yaml_tree.h"

namespace smee::backend_file {

// Where the records of a parse go as they are read. The default keeps them
// in the ParseOutcome; the file backend packs each one as it comes, so a
// large file never exists as HardwareRecords all at once.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void addRecord(HardwareRecord record) = 0;
  virtual void addMalformed(MalformedRecord malformed) = 0;
  virtual std::size_t recordCount() const = 0;
  virtual std::size_t malformedCount() const = 0;
  // Forgets everything added after the counts were as given (records read
  // ahead from a list that turned out not to be used).
  virtual void truncate(std::size_t records, std::size_t malformed) = 0;
};

// Gathers what the format parsers produce and, once every document is read,
// flags MACs and IPs that more than one record claims.
class ParseCollector {
 public:
  // Records go to outcome.records / outcome.malformed.
  explicit ParseCollector(ParseOutcome& outcome);
  // Records go to `sink`; problems still go to the outcome.
  ParseCollector(ParseOutcome& outcome, RecordSink& sink);
  ParseCollector(const ParseCollector&) = delete;
  ParseCollector& operator=(const ParseCollector&) = delete;

  void addProblem(RecordProblem problem) { outcome_.problems.push_back(std::move(problem)); }
  void addRecord(HardwareRecord record, std::string subject, Position at);
  void addMalformed(const MacAddress& mac, std::optional<Ipv4Address> ip, std::string reason,
                    std::string subject, Position at);
  void reportDuplicates();

  // What has been collected so far, to go back to with rollback().
  struct Checkpoint {
    std::size_t records = 0;
    std::size_t malformed = 0;
    std::size_t problems = 0;
    std::size_t sites = 0;
  };
  Checkpoint checkpoint() const;
  void rollback(const Checkpoint& to);

 private:
  class OutcomeSink final : public RecordSink {
   public:
    explicit OutcomeSink(ParseOutcome& outcome) : outcome_(outcome) {}
    void addRecord(HardwareRecord record) override;
    void addMalformed(MalformedRecord malformed) override;
    std::size_t recordCount() const override { return outcome_.records.size(); }
    std::size_t malformedCount() const override { return outcome_.malformed.size(); }
    void truncate(std::size_t records, std::size_t malformed) override;

   private:
    ParseOutcome& outcome_;
  };
  // Where each record (servable or not) came from, for duplicate reports.
  // The subject is kept only when it is not the MAC itself (Smee's format),
  // which keeps this list small for a large file.
  struct Site {
    MacAddress mac;
    std::optional<Ipv4Address> ip;
    Position at;
    std::string subject;  // empty: the MAC's canonical text
  };
  static std::string subjectOf(const Site& site);
  void addSite(const MacAddress& mac, std::optional<Ipv4Address> ip, std::string subject,
               Position at);

  ParseOutcome& outcome_;
  OutcomeSink own_sink_;
  RecordSink& sink_;
  std::deque<Site> sites_;  // a deque: a large file's sites are never moved
};

// Problems about one record: the subject is fixed, field and place vary.
class RecordProblems {
 public:
  RecordProblems(ParseCollector& collector, std::string subject)
      : collector_(collector), subject_(std::move(subject)) {}

  void add(std::string field, std::string message, ProblemImpact impact, Position at);
  void add(std::string field, std::string message, ProblemImpact impact, const YamlNode& at) {
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

}  // namespace smee::backend_file
