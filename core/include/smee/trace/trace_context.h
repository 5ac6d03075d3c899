#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "smee/export.h"

namespace smee {

// A W3C Trace Context (https://www.w3.org/TR/trace-context/): which trace a
// span belongs to and which span is the parent of the next one. This is what
// travels to a booting machine (DHCP option 43.69, a boot file name suffix)
// and comes back (the TFTP file name, an HTTP `traceparent` header).
struct TraceContext {
  std::array<std::uint8_t, 16> trace_id{};
  std::array<std::uint8_t, 8> span_id{};
  std::uint8_t flags = 0;  // bit 0: sampled

  // W3C: an all-zero trace id or span id is invalid.
  bool valid() const;
  bool sampled() const { return (flags & 0x01) != 0; }
  std::string traceIdHex() const;
  std::string spanIdHex() const;
};

// "00-<32 hex>-<16 hex>-<2 hex>" (version 00 only; lower or upper case
// digits, as Go's propagator accepts), or nothing for anything malformed or
// invalid.
SMEE_API std::optional<TraceContext> parseTraceparent(std::string_view header);
SMEE_API std::string formatTraceparent(const TraceContext& context);

// Smee's DHCP option 43 sub-option 69: version 00, trace id, span id, flags
// (26 bytes). All zero bytes without a context, as Smee sends it when tracing
// is off.
SMEE_API std::array<std::uint8_t, 26> binaryTraceparent(const std::optional<TraceContext>& context);

// A boot file name with its trace suffix taken off: Smee's binary servers
// match `^(.*)-[0-9a-fA-F]{2}-([0-9a-fA-F]{32})-([0-9a-fA-F]{16})-([0-9a-fA-F]{2})`
// (a prefix match, no end anchor) and continue the trace it names.
struct NameWithTrace {
  std::string name;                     // "ipxe.efi" from "ipxe.efi-00-...-01"
  std::optional<TraceContext> context;  // set when a suffix was found
};
SMEE_API NameWithTrace splitTraceSuffix(std::string_view file_name);

// "-00-<trace>-<span>-<flags>", appended to the binary name in boot file
// names (spec 2.3).
SMEE_API std::string traceSuffix(const TraceContext& context);

}  // namespace smee
