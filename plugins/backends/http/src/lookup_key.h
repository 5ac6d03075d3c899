#pragma once

#include <string>

#include "smee/net/ipv4.h"
#include "smee/net/mac_address.h"

namespace smee::backend_http {

// What a lookup asks the hardware API for. `query` is both the cache key and
// the query string of the request ("mac=52:54:00:12:34:56", "ip=192.0.2.20"),
// so a MAC written in any form by a caller lands on one entry.
struct LookupKey {
  enum class Kind { Mac, Ip };
  Kind kind = Kind::Mac;
  std::string query;

  static LookupKey of(const MacAddress& mac) { return {Kind::Mac, "mac=" + mac.toString()}; }
  static LookupKey of(Ipv4Address ip) { return {Kind::Ip, "ip=" + ip.toString()}; }
  bool operator==(const LookupKey&) const = default;
};

}  // namespace smee::backend_http
