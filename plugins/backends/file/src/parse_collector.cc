#include "parse_collector.h"

#include <algorithm>

namespace smee::backend_file {

void ParseCollector::OutcomeSink::addRecord(HardwareRecord record) {
  outcome_.records.push_back(std::move(record));
}

void ParseCollector::OutcomeSink::addMalformed(MalformedRecord malformed) {
  outcome_.malformed.push_back(std::move(malformed));
}

void ParseCollector::OutcomeSink::truncate(std::size_t records, std::size_t malformed) {
  outcome_.records.resize(std::min(records, outcome_.records.size()));
  outcome_.malformed.resize(std::min(malformed, outcome_.malformed.size()));
}

ParseCollector::ParseCollector(ParseOutcome& outcome)
    : outcome_(outcome), own_sink_(outcome), sink_(own_sink_) {}

ParseCollector::ParseCollector(ParseOutcome& outcome, RecordSink& sink)
    : outcome_(outcome), own_sink_(outcome), sink_(sink) {}

void ParseCollector::addSite(const MacAddress& mac, std::optional<Ipv4Address> ip,
                             std::string subject, Position at) {
  // The canonical text (lower case, colons) is left out. Parsing it back is
  // cheaper than formatting the MAC for every record.
  const bool canonical =
      subject.size() == 17 && subject[2] == ':' &&
      std::none_of(subject.begin(), subject.end(), [](char c) { return c >= 'A' && c <= 'Z'; }) &&
      MacAddress::parse(subject) == mac;
  if (canonical) subject.clear();
  sites_.push_back({mac, ip, at, std::move(subject)});
}

std::string ParseCollector::subjectOf(const Site& site) {
  return site.subject.empty() ? site.mac.toString() : site.subject;
}

void ParseCollector::addRecord(HardwareRecord record, std::string subject, Position at) {
  addSite(record.dhcp.mac, record.dhcp.ip, std::move(subject), at);
  sink_.addRecord(std::move(record));
}

void ParseCollector::addMalformed(const MacAddress& mac, std::optional<Ipv4Address> ip,
                                  std::string reason, std::string subject, Position at) {
  addSite(mac, ip, std::move(subject), at);
  sink_.addMalformed({mac, ip, std::move(reason), at.line, at.column});
}

ParseCollector::Checkpoint ParseCollector::checkpoint() const {
  return {sink_.recordCount(), sink_.malformedCount(), outcome_.problems.size(), sites_.size()};
}

void ParseCollector::rollback(const Checkpoint& to) {
  sink_.truncate(to.records, to.malformed);
  outcome_.problems.resize(std::min(to.problems, outcome_.problems.size()));
  sites_.resize(std::min(to.sites, sites_.size()));
}

namespace {

std::string linesOf(const std::vector<int>& lines) {
  std::string text;
  for (int line : lines) {
    if (!text.empty()) text += ", ";
    text += std::to_string(line);
  }
  return text;
}

}  // namespace

void ParseCollector::reportDuplicates() {
  // Sorted orders (by MAC, then by IP; file order within a key) keep the
  // report stable without a map node per record.
  const auto report = [&](auto key_of, auto has_key, auto message) {
    std::vector<std::size_t> keyed;
    for (std::size_t i = 0; i < sites_.size(); ++i) {
      if (has_key(sites_[i])) keyed.push_back(i);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [&](std::size_t a, std::size_t b) {
      return key_of(sites_[a]) < key_of(sites_[b]);
    });
    for (std::size_t first = 0; first < keyed.size();) {
      std::size_t last = first + 1;
      while (last < keyed.size() && key_of(sites_[keyed[last]]) == key_of(sites_[keyed[first]])) {
        ++last;
      }
      if (last - first > 1) {
        std::vector<int> lines;
        for (std::size_t k = first; k < last; ++k) lines.push_back(sites_[keyed[k]].at.line);
        for (std::size_t k = first; k < last; ++k) {
          const Site& site = sites_[keyed[k]];
          addProblem(message(site, last - first, linesOf(lines)));
        }
      }
      first = last;
    }
  };
  report([](const Site& s) { return s.mac; }, [](const Site&) { return true; },
         [](const Site& s, std::size_t count, const std::string& lines) {
           return RecordProblem{subjectOf(s),
                                "mac",
                                "mac " + s.mac.toString() + " appears in " + std::to_string(count) +
                                    " records (lines " + lines +
                                    "); lookups for it answer Ambiguous",
                                ProblemImpact::Ambiguous,
                                s.at.line,
                                s.at.column};
         });
  report([](const Site& s) { return *s.ip; }, [](const Site& s) { return s.ip.has_value(); },
         [](const Site& s, std::size_t count, const std::string& lines) {
           return RecordProblem{subjectOf(s),
                                "ip",
                                "ip " + s.ip->toString() + " is given to " + std::to_string(count) +
                                    " records (lines " + lines +
                                    "); lookups by it answer Ambiguous",
                                ProblemImpact::Ambiguous,
                                s.at.line,
                                s.at.column};
         });
}

void RecordProblems::add(std::string field, std::string message, ProblemImpact impact,
                         Position at) {
  if (impact == ProblemImpact::RecordMalformed) {
    if (!malformed_reason_.empty()) malformed_reason_ += "; ";
    malformed_reason_ += field.empty() ? message : field + ": " + message;
  }
  collector_.addProblem(
      {subject_, std::move(field), std::move(message), impact, at.line, at.column});
}

}  // namespace smee::backend_file
