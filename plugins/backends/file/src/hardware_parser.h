#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smee/net/ipv4.h"
#include "smee/net/mac_address.h"
#include "smee/services/backend.h"

namespace smee::backend_file {

// What a problem did to the data, so logs can say whether a machine is
// still served.
enum class ProblemImpact {
  Note,             // nothing dropped (unknown key, duplicate key, out-of-range default)
  FieldDropped,     // one field or list entry ignored, the record is served
  RecordDropped,    // no record came out of it (bad MAC key, not a Hardware object)
  RecordMalformed,  // lookups for this MAC/IP answer Malformed with the reason
  Ambiguous,        // MAC or IP used more than once: lookups answer Ambiguous
};

std::string_view problemImpactName(ProblemImpact impact);

// One thing wrong inside an otherwise readable document. Positions are
// 1-based like an editor's; 0 means unknown.
struct RecordProblem {
  std::string subject;  // canonical MAC, the MAC key as written, or "namespace/name"
  std::string field;    // "ipAddress", "netboot.ipxeScriptUrl", "spec.interfaces[0].dhcp.mac"
  std::string message;
  ProblemImpact impact = ProblemImpact::Note;
  int line = 0;
  int column = 0;
};

// A record whose MAC is known but that cannot be served. It is kept so a
// lookup can say why instead of answering "not found".
struct MalformedRecord {
  MacAddress mac;
  std::optional<Ipv4Address> ip;  // when it parsed, so lookups by IP explain too
  std::string reason;
  int line = 0;
  int column = 0;
};

// The document as a whole is unusable (bad YAML, wrong top-level shape).
struct DocumentError {
  std::string message;
  int line = 0;  // 1-based; 0 when the error has no position
  int column = 0;
};

enum class HardwareFormat {
  Empty,            // no document, or only comments / null
  SmeeMacMapping,   // Smee's file backend: { "<mac>": { ipAddress: ..., ... } }
  HardwareObjects,  // the monorepo's: a list of tinkerbell.org/v1alpha1 Hardware
};

std::string_view hardwareFormatName(HardwareFormat format);

struct ParseOutcome {
  std::optional<DocumentError> error;  // when set, nothing else is meaningful
  HardwareFormat format = HardwareFormat::Empty;
  std::vector<HardwareRecord> records;     // servable records, duplicates included
  std::vector<MalformedRecord> malformed;  // known MACs that cannot be served
  std::vector<RecordProblem> problems;

  bool ok() const { return !error.has_value(); }
};

// Parses the bytes of a hardware file. Never throws: every defect of the
// input ends up in `error` or `problems`. The format is chosen from the
// document's shape: a mapping keyed by MACs is Smee's format; a sequence (or
// a single object / List with `kind`) holds Hardware objects.
ParseOutcome parseHardwareDocument(std::string_view yaml) noexcept;

class RecordSink;
// The same, reading the text as a stream: each record goes to `sink` as soon
// as it is read (outcome.records and outcome.malformed stay empty), so memory
// holds one record's YAML at a time, not the whole file's. After an error
// the sink holds whatever was read before it; the caller discards it.
ParseOutcome parseHardwareDocument(std::string_view yaml, RecordSink& sink) noexcept;

class YamlInput;
// The same, with the text read from `input` a chunk at a time, so not even
// the file's bytes are held whole. A failure of the input is `error`, with
// the input's own words and no position.
ParseOutcome parseHardwareDocument(YamlInput& input, RecordSink& sink) noexcept;

// The default lease when the file gives none (or 0, or a value that does not
// fit DHCP's 32-bit field). Smee sent 0, which clients treat as "expire now".
inline constexpr std::uint32_t kDefaultLeaseSeconds = 604800;

}  // namespace smee::backend_file
