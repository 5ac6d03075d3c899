#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lookup_key.h"
#include "smee/services/backend.h"

namespace smee::backend_http {

// A 200 body read as one Tinkerbell Hardware object, converted by the
// Kubernetes backend's decoder (and through it the file backend's Hardware
// conversion), so a machine behaves the same from every backend.
struct HardwareAnswer {
  bool usable = false;
  std::string error;   // !usable: why the body cannot answer the lookup
  LookupResult asked;  // usable: the answer for the key asked (Found or Malformed)
  // usable: answers for the object's other interfaces' MACs and IPs, so the
  // iPXE request by IP that follows a DHCP lookup by MAC finds the machine
  // without a second round trip.
  std::vector<std::pair<LookupKey, LookupResult>> others;
  std::string object;  // "namespace/name", for logs
};

HardwareAnswer answerFromBody(const LookupKey& asked, std::string_view body);

}  // namespace smee::backend_http
