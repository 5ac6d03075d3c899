#pragma once

#include <string>
#include <vector>

#include "smee/net/ipv4.h"

namespace smee::http {

// X-Forwarded-For honoured only from trusted proxies (spec 5.7, after
// sebest/xff): walking the list from the right, the first address that is
// not itself a trusted proxy is the client.
class TrustedProxies {
 public:
  // Entries are CIDRs or bare addresses; throws ConfigError("trusted_proxies").
  explicit TrustedProxies(const std::vector<std::string>& entries);
  bool trusted(Ipv4Address address) const;
  Ipv4Address clientOf(Ipv4Address peer, const std::string& forwarded_for) const;
  bool empty() const { return prefixes_.empty(); }

 private:
  std::vector<Ipv4Prefix> prefixes_;
};

}  // namespace smee::http
