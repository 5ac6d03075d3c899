#include "field_reader.h"

#include <algorithm>
#include <limits>

#include "smee/closest_name.h"

namespace smee::backend_file {

char lowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string toLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

namespace {

std::string linesOf(const std::vector<const YamlNode*>& keys) {
  std::string lines;
  for (const auto& key : keys) {
    if (!lines.empty()) lines += ", ";
    lines += std::to_string(positionOf(*key).line);
  }
  return lines;
}

}  // namespace

MappingFields::MappingFields(const YamlNode& map, KeyMatch match, RecordProblems& problems,
                             std::string prefix)
    : match_(match), problems_(problems), prefix_(std::move(prefix)) {
  if (!map.isMap()) return;
  entries_.reserve(map.pairs().size());
  for (const YamlNode::Pair& pair : map.pairs()) {
    entries_.push_back({pair.key.get(), pair.value.get(), pair.key->scalar(), false});
  }
}

bool MappingFields::matches(std::string_view written, std::string_view key) const {
  if (match_ == KeyMatch::Exact) return written == key;
  // No toLower() copies: this runs for every key of every record.
  return written.size() == key.size() &&
         std::equal(written.begin(), written.end(), key.begin(),
                    [](char a, char b) { return lowerAscii(a) == lowerAscii(b); });
}

const YamlNode& MappingFields::take(std::string_view key) {
  known_.push_back(key);
  // No allocation on the common path (the key given once): this runs for
  // every field of every record.
  std::size_t given = 0;
  const YamlNode* last_key = nullptr;
  const YamlNode* value = &YamlNode::undefined();
  for (Entry& entry : entries_) {
    if (!entry.key->isScalar() || !matches(entry.name, key)) continue;
    entry.used = true;
    ++given;
    last_key = entry.key;
    value = entry.value;
  }
  if (given > 1) {
    std::vector<const YamlNode*> keys;
    for (const Entry& entry : entries_) {
      if (entry.key->isScalar() && matches(entry.name, key)) keys.push_back(entry.key);
    }
    problems_.add(prefix_ + std::string(key),
                  "given " + std::to_string(given) + " times (lines " + linesOf(keys) +
                      "); the last one is used",
                  ProblemImpact::Note, *last_key);
  }
  return *value;
}

std::vector<std::string> MappingFields::knownNames() const {
  return {known_.begin(), known_.end()};
}

void MappingFields::reportUnknownKeys() {
  std::vector<std::string> known;  // filled when a key is unknown: rare
  for (const Entry& entry : entries_) {
    if (entry.used) continue;
    if (!entry.key->isScalar()) {
      problems_.add(prefix_ + "?",
                    "a key must be a plain string, found " + describeNode(*entry.key),
                    ProblemImpact::Note, *entry.key);
      continue;
    }
    const std::string name(entry.name);
    if (match_ == KeyMatch::Exact) {
      bool reported = false;
      for (std::string_view candidate : known_) {
        if (toLower(candidate) == toLower(name)) {
          problems_.add(prefix_ + name,
                        "field names are case-sensitive in Hardware objects; \"" + name +
                            "\" is ignored, did you mean \"" + std::string(candidate) + "\"?",
                        ProblemImpact::FieldDropped, *entry.key);
          reported = true;
          break;
        }
      }
      // Hardware objects carry many fields smeed does not read (disks,
      // bmcRef, userData, ...), so only a near miss of one it reads is
      // reported: "adress" for "address", "interface" for "interfaces".
      if (!reported) {
        if (known.empty()) known = knownNames();
        if (auto best = closestName(name, known)) {
          problems_.add(prefix_ + name,
                        "unknown key \"" + name + "\" ignored; did you mean \"" + *best + "\"?",
                        ProblemImpact::FieldDropped, *entry.key);
        }
      }
      continue;
    }
    std::string message = "unknown key \"" + name + "\" ignored";
    if (known.empty()) known = knownNames();
    if (auto best = closestName(name, known)) message += "; did you mean \"" + *best + "\"?";
    problems_.add(prefix_ + name, message, ProblemImpact::Note, *entry.key);
  }
}

bool FieldReader::mapping(const YamlNode& node, const std::string& field,
                          ProblemImpact impact_when_bad) {
  if (node.isMap()) return true;
  if (!node.isMissing()) {
    problems_.add(field, "expected a mapping, found " + describeNode(node), impact_when_bad, node);
  }
  return false;
}

std::optional<std::string> FieldReader::text(const YamlNode& node, const std::string& field) {
  if (node.isMissing()) return std::nullopt;
  if (!node.isScalar()) {
    problems_.add(field, "expected a string, found " + describeNode(node),
                  ProblemImpact::FieldDropped, node);
    return std::nullopt;
  }
  return node.scalar();
}

std::optional<bool> FieldReader::flag(const YamlNode& node, const std::string& field) {
  if (node.isMissing()) return std::nullopt;
  bool value = false;
  if (!node.isScalar() || !decodeYamlBool(node.scalar(), value)) {
    problems_.add(field, "expected true or false, found " + describeNode(node),
                  ProblemImpact::FieldDropped, node);
    return std::nullopt;
  }
  return value;
}

std::optional<Ipv4Address> FieldReader::ipv4(const YamlNode& node, const std::string& field,
                                             ProblemImpact impact_when_bad) {
  if (node.isMissing()) return std::nullopt;
  if (!node.isScalar()) {
    problems_.add(field, "expected an IPv4 address, found " + describeNode(node), impact_when_bad,
                  node);
    return std::nullopt;
  }
  auto address = Ipv4Address::parse(node.scalar());
  if (!address) {
    const bool looks_v6 = node.scalar().find(':') != std::string::npos;
    problems_.add(field,
                  "\"" + node.scalar() + "\" is not an IPv4 address" +
                      (looks_v6 ? " (IPv6 is not served)" : ""),
                  impact_when_bad, node);
  }
  return address;
}

std::optional<Ipv4Address> FieldReader::requiredIpv4(const YamlNode& node, const std::string& field,
                                                     Position record_at) {
  if (node.isMissing()) {
    problems_.add(field, "is missing; it is required", ProblemImpact::RecordMalformed, record_at);
    return std::nullopt;
  }
  return ipv4(node, field, ProblemImpact::RecordMalformed);
}

std::optional<Ipv4Address> FieldReader::requiredNetmask(const YamlNode& node,
                                                        const std::string& field,
                                                        Position record_at) {
  auto mask = requiredIpv4(node, field, record_at);
  if (mask && !netmaskPrefixLength(*mask)) {
    problems_.add(field, "\"" + node.scalar() + "\" is not a contiguous netmask",
                  ProblemImpact::RecordMalformed, node);
    return std::nullopt;
  }
  return mask;
}

bool FieldReader::isSequence(const YamlNode& node, const std::string& field) {
  if (node.isMissing()) return false;
  if (node.isSequence()) return true;
  problems_.add(field, "expected a list, found " + describeNode(node), ProblemImpact::FieldDropped,
                node);
  return false;
}

std::vector<Ipv4Address> FieldReader::ipv4List(const YamlNode& node, const std::string& field) {
  std::vector<Ipv4Address> out;
  if (!isSequence(node, field)) return out;
  for (std::size_t i = 0; i < node.size(); ++i) {
    auto address =
        ipv4(node[i], field + "[" + std::to_string(i) + "]", ProblemImpact::FieldDropped);
    if (address) out.push_back(*address);
  }
  return out;
}

std::vector<std::string> FieldReader::textList(const YamlNode& node, const std::string& field) {
  std::vector<std::string> out;
  if (!isSequence(node, field)) return out;
  for (std::size_t i = 0; i < node.size(); ++i) {
    auto value = text(node[i], field + "[" + std::to_string(i) + "]");
    if (value) out.push_back(std::move(*value));
  }
  return out;
}

std::uint32_t FieldReader::leaseTime(const YamlNode& node, const std::string& field) {
  auto written = text(node, field);
  if (!written) return kDefaultLeaseSeconds;
  std::string_view digits = *written;
  bool negative = false;
  if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) {
    negative = digits.front() == '-';
    digits.remove_prefix(1);
  }
  const bool all_digits = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
  if (!all_digits) {
    problems_.add(field,
                  "\"" + *written + "\" is not a whole number of seconds; using " +
                      std::to_string(kDefaultLeaseSeconds),
                  ProblemImpact::FieldDropped, node);
    return kDefaultLeaseSeconds;
  }
  // Saturate instead of overflowing: anything past 2^32-1 is out of range.
  std::uint64_t value = 0;
  for (char c : digits) {
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
    if (value > std::numeric_limits<std::uint32_t>::max()) break;
  }
  if (value == 0) return kDefaultLeaseSeconds;
  if (negative) {
    problems_.add(
        field,
        "lease time " + *written + " is negative; using " + std::to_string(kDefaultLeaseSeconds),
        ProblemImpact::Note, node);
    return kDefaultLeaseSeconds;
  }
  if (value > std::numeric_limits<std::uint32_t>::max()) {
    problems_.add(field,
                  "lease time " + *written + " does not fit DHCP's 32-bit field; using " +
                      std::to_string(kDefaultLeaseSeconds),
                  ProblemImpact::Note, node);
    return kDefaultLeaseSeconds;
  }
  return static_cast<std::uint32_t>(value);
}

std::vector<ClasslessRoute> FieldReader::routes(const YamlNode& node, const std::string& field,
                                                KeyMatch match, std::string_view destination_key,
                                                std::string_view router_key) {
  std::vector<ClasslessRoute> out;
  if (!isSequence(node, field)) return out;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YamlNode& entry = node[i];
    const std::string where = field + "[" + std::to_string(i) + "]";
    if (!entry.isMap()) {
      problems_.add(where, "expected a route mapping, found " + describeNode(entry),
                    ProblemImpact::FieldDropped, entry);
      continue;
    }
    MappingFields fields(entry, match, problems_, where + ".");
    const YamlNode& destination_node = fields.take(destination_key);
    const YamlNode& router_node = fields.take(router_key);
    fields.reportUnknownKeys();

    const std::string destination_field = where + "." + std::string(destination_key);
    auto destination_text = text(destination_node, destination_field);
    if (!destination_text) {
      problems_.add(destination_field, "route destination is missing; route skipped",
                    ProblemImpact::FieldDropped, entry);
      continue;
    }
    auto destination = Ipv4Prefix::parse(*destination_text);
    if (!destination) {
      problems_.add(
          destination_field,
          "\"" + *destination_text + "\" is not an IPv4 prefix like 10.0.0.0/8; route skipped",
          ProblemImpact::FieldDropped, destination_node);
      continue;
    }
    // RFC 3442 sends only the significant octets, so host bits would be
    // silently lost on the wire (Ipv4Prefix::parse drops them): say so.
    const auto written_network = Ipv4Address::parse(
        std::string_view(*destination_text).substr(0, destination_text->find('/')));
    if (written_network != destination->network) {
      problems_.add(destination_field,
                    "\"" + *destination_text + "\" has bits set outside its /" +
                        std::to_string(destination->length) + " prefix; route skipped",
                    ProblemImpact::FieldDropped, destination_node);
      continue;
    }
    const std::string router_field = where + "." + std::string(router_key);
    auto router = ipv4(router_node, router_field, ProblemImpact::FieldDropped);
    if (!router) {
      if (router_node.isMissing()) {
        problems_.add(router_field, "route router is missing; route skipped",
                      ProblemImpact::FieldDropped, entry);
      }
      continue;
    }
    out.push_back({*destination, *router});
  }
  return out;
}

std::optional<std::string> FieldReader::httpUrl(const YamlNode& node, const std::string& field,
                                                ProblemImpact impact_when_bad) {
  if (!node.isMissing() && !node.isScalar()) {
    problems_.add(field, "expected a URL, found " + describeNode(node), impact_when_bad, node);
    return std::nullopt;
  }
  auto url = text(node, field);
  if (!url || url->empty()) return std::nullopt;
  if (!isAbsoluteHttpUrl(*url)) {
    problems_.add(field, "\"" + *url + "\" is not an absolute http:// or https:// URL",
                  impact_when_bad, node);
    return std::nullopt;
  }
  return url;
}

bool isAbsoluteHttpUrl(std::string_view url) {
  for (char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) return false;
  }
  const std::string lower = toLower(url.substr(0, 8));
  std::string_view rest;
  if (lower.starts_with("http://")) {
    rest = url.substr(7);
  } else if (lower.starts_with("https://")) {
    rest = url.substr(8);
  } else {
    return false;
  }
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return false;
    host = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return false;
      port = after.substr(1);
    }
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty() || host == "[]") return false;
  if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  return port.size() <= 5 && (port.empty() || std::stoul(std::string(port)) <= 65535);
}

}  // namespace smee::backend_file
