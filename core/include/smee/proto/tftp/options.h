#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "smee/export.h"
#include "smee/proto/tftp/packet.h"

namespace smee::tftp {

// What the server allows.
struct NegotiationLimits {
  std::uint16_t max_blksize = 1468;  // config cap, already capped by the interface MTU
  std::uint16_t max_windowsize = 64;
  bool allow_windowsize = true;
};

// The transfer parameters after RFC 2347/2348/2349/7440 negotiation.
struct Negotiated {
  std::uint16_t blksize = 512;
  std::uint16_t windowsize = 1;
  std::optional<std::chrono::seconds> timeout;  // the client's, when accepted
  std::vector<Option> acknowledged;             // what goes into the OACK (empty: no OACK)
};

// Negotiates the request's options. Unknown options and values out of
// range are left out of the OACK (RFC 2347: the server ignores what it
// does not accept); blksize is clamped to 8..limits.max_blksize, timeout
// must be 1..255, windowsize 1..limits.max_windowsize; tsize is answered
// with `file_size` for a read request.
SMEE_API Negotiated negotiate(const Request& request, const NegotiationLimits& limits,
                              std::uint64_t file_size);

}  // namespace smee::tftp
