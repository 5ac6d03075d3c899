#include "parse_collector.h"

#include <map>

namespace smee::plugins::backend_file {

Position positionOf(const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0 || mark.column < 0) return {};
  return {mark.line + 1, mark.column + 1};
}

Position positionOf(const YAML::Node& node) {
  if (!node.IsDefined()) return {};
  return positionOf(node.Mark());
}

std::string describeNode(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar: {
      // Quoted back to the user, so keep a stray binary blob readable.
      constexpr std::size_t kMaxShown = 40;
      std::string shown = node.Scalar().substr(0, kMaxShown);
      for (char& c : shown) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
      }
      if (node.Scalar().size() > kMaxShown) shown += "...";
      return "\"" + shown + "\"";
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

void ParseCollector::addRecord(HardwareRecord record, std::string subject, Position at) {
  sites_.push_back({record.dhcp.mac, record.dhcp.ip, std::move(subject), at});
  outcome_.records.push_back(std::move(record));
}

void ParseCollector::addMalformed(const MacAddress& mac, std::optional<Ipv4Address> ip,
                                  std::string reason, std::string subject, Position at) {
  sites_.push_back({mac, ip, std::move(subject), at});
  outcome_.malformed.push_back({mac, ip, std::move(reason), at.line, at.column});
}

namespace {

std::string linesOf(const std::vector<const Position*>& places) {
  std::string lines;
  for (const Position* p : places) {
    if (!lines.empty()) lines += ", ";
    lines += std::to_string(p->line);
  }
  return lines;
}

}  // namespace

void ParseCollector::reportDuplicates() {
  // Ordered maps keep the report in a stable order (by MAC, then by IP).
  std::map<MacAddress, std::vector<const Site*>> by_mac;
  std::map<Ipv4Address, std::vector<const Site*>> by_ip;
  for (const Site& site : sites_) {
    by_mac[site.mac].push_back(&site);
    if (site.ip) by_ip[*site.ip].push_back(&site);
  }
  for (const auto& [mac, sites] : by_mac) {
    if (sites.size() < 2) continue;
    std::vector<const Position*> places;
    for (const Site* s : sites) places.push_back(&s->at);
    for (const Site* s : sites) {
      addProblem({s->subject, "mac",
                  "mac " + mac.toString() + " appears in " + std::to_string(sites.size()) +
                      " records (lines " + linesOf(places) + "); lookups for it answer Ambiguous",
                  ProblemImpact::Ambiguous, s->at.line, s->at.column});
    }
  }
  for (const auto& [ip, sites] : by_ip) {
    if (sites.size() < 2) continue;
    std::vector<const Position*> places;
    for (const Site* s : sites) places.push_back(&s->at);
    for (const Site* s : sites) {
      addProblem({s->subject, "ip",
                  "ip " + ip.toString() + " is given to " + std::to_string(sites.size()) +
                      " records (lines " + linesOf(places) + "); lookups by it answer Ambiguous",
                  ProblemImpact::Ambiguous, s->at.line, s->at.column});
    }
  }
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

}  // namespace smee::plugins::backend_file
