#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "smee/export.h"

namespace smee::syslog {

struct StructuredElement {
  std::string id;
  std::vector<std::pair<std::string, std::string>> params;
};

// One syslog message (RFC 5424, or RFC 3164 as real senders write it).
struct Message {
  int facility = 0;
  int severity = 0;
  bool rfc5424 = false;
  std::string timestamp;  // as sent, "" when absent
  std::string hostname;
  std::string app_name;
  std::string procid;
  std::string msgid;
  std::vector<StructuredElement> structured_data;  // RFC 5424 only
  std::string text;                                // the free-form message
};

SMEE_API std::string_view facilityName(int facility);  // "kern", "local7", or "facility(N)"
SMEE_API std::string_view severityName(int severity);  // "EMERG" .. "DEBUG"

// Parses one datagram. nullopt when there is no valid PRI (`<0>`..`<191>`)
// or the RFC 5424 header is malformed. Never throws, never reads past the
// datagram. Unlike Smee, real structured data is accepted.
SMEE_API std::optional<Message> parseMessage(std::span<const std::uint8_t> datagram);

}  // namespace smee::syslog
