#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse_collector.h"
#include "smee/net/ipv4.h"
#include "smee/services/backend.h"
#include "yaml_tree.h"

namespace smee::backend_file {

// Smee parsed its file through encoding/json, so keys match field names in
// any letter case. Kubernetes objects are case-sensitive.
enum class KeyMatch { CaseInsensitive, Exact };

// The entries of one YAML mapping, looked up by field name. It remembers
// which keys were asked for so the leftovers (typos) can be reported.
class MappingFields {
 public:
  // `prefix` is prepended to field names in problems ("netboot.").
  MappingFields(const YamlNode& map, KeyMatch match, RecordProblems& problems,
                std::string prefix = {});

  // The value under `key` (canonical spelling, a literal: it is kept for
  // the "did you mean"), or YamlNode::undefined().
  // When a key is given twice (also in two spellings) the last one wins, as
  // it did in Smee, and a note says so.
  const YamlNode& take(std::string_view key);

  // Case-insensitive: every key not taken is a problem (with a "did you mean"
  // when one is close). Exact: unknown keys are fine (Hardware has many
  // fields Smee does not use), but a known key in the wrong case is reported.
  void reportUnknownKeys();

  const std::string& prefix() const { return prefix_; }

 private:
  struct Entry {
    const YamlNode* key;
    const YamlNode* value;
    std::string_view name;  // the key as written (in the tree, which outlives this)
    bool used = false;
  };
  bool matches(std::string_view written, std::string_view key) const;
  std::vector<std::string> knownNames() const;

  KeyMatch match_;
  RecordProblems& problems_;
  std::string prefix_;
  std::vector<Entry> entries_;
  std::vector<std::string_view> known_;  // take() is only given literals
};

// Typed readers for field values. Each one treats a null / absent node as
// "not given" (nullopt, no problem) and reports a value of the wrong shape
// with its position; none of them throws.
class FieldReader {
 public:
  explicit FieldReader(RecordProblems& problems) : problems_(problems) {}

  // True for a mapping; a value of another shape is reported (absent is
  // fine and false).
  bool mapping(const YamlNode& node, const std::string& field,
               ProblemImpact impact_when_bad = ProblemImpact::FieldDropped);
  std::optional<std::string> text(const YamlNode& node, const std::string& field);
  std::optional<bool> flag(const YamlNode& node, const std::string& field);
  // Reports an unparsable address with `impact_when_bad`.
  std::optional<Ipv4Address> ipv4(const YamlNode& node, const std::string& field,
                                  ProblemImpact impact_when_bad);
  // Like ipv4(), but absence is a problem too; both make the record
  // malformed. `record_at` places the "missing" problem.
  std::optional<Ipv4Address> requiredIpv4(const YamlNode& node, const std::string& field,
                                          Position record_at);
  // A required, contiguous netmask (255.255.255.0, not 255.0.255.0).
  std::optional<Ipv4Address> requiredNetmask(const YamlNode& node, const std::string& field,
                                             Position record_at);
  // Invalid entries are skipped one by one (Smee dropped the rest of the list).
  std::vector<Ipv4Address> ipv4List(const YamlNode& node, const std::string& field);
  std::vector<std::string> textList(const YamlNode& node, const std::string& field);
  // Missing, 0, negative or above 2^32-1 -> kDefaultLeaseSeconds.
  std::uint32_t leaseTime(const YamlNode& node, const std::string& field);
  // Option 121 routes; `destination_key`/`router_key` differ between formats.
  std::vector<ClasslessRoute> routes(const YamlNode& node, const std::string& field, KeyMatch match,
                                     std::string_view destination_key, std::string_view router_key);
  // An http(s) URL with a host, or nullopt with a problem of `impact_when_bad`.
  std::optional<std::string> httpUrl(const YamlNode& node, const std::string& field,
                                     ProblemImpact impact_when_bad);

  RecordProblems& problems() { return problems_; }

 private:
  bool isSequence(const YamlNode& node, const std::string& field);
  RecordProblems& problems_;
};

// True for an absolute http:// or https:// URL with a non-empty host, no
// whitespace or control characters and, when present, a numeric port.
bool isAbsoluteHttpUrl(std::string_view url);

char lowerAscii(char c);
std::string toLower(std::string_view text);

}  // namespace smee::backend_file
