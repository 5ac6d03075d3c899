#include "forwarded_for.h"

#include "smee/errors.h"

namespace smee::http {
namespace {
std::string trimmed(std::string text) {
  while (!text.empty() && text.front() == ' ') text.erase(text.begin());
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}
}  // namespace

TrustedProxies::TrustedProxies(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    auto prefix = Ipv4Prefix::parse(trimmed(entry));
    if (!prefix) throw ConfigError("trusted_proxies", "'" + entry + "' is not an IPv4 address or CIDR");
    prefixes_.push_back(*prefix);
  }
}

bool TrustedProxies::trusted(Ipv4Address address) const {
  for (const auto& p : prefixes_) {
    if (p.contains(address)) return true;
  }
  return false;
}

Ipv4Address TrustedProxies::clientOf(Ipv4Address peer, const std::string& forwarded_for) const {
  if (forwarded_for.empty() || !trusted(peer)) return peer;
  std::vector<std::string> hops;
  std::size_t start = 0;
  while (start <= forwarded_for.size()) {
    auto comma = forwarded_for.find(',', start);
    hops.push_back(trimmed(forwarded_for.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  Ipv4Address client = peer;
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    auto ip = Ipv4Address::parse(*it);
    if (!ip) break;
    client = *ip;
    if (!trusted(*ip)) break;
  }
  return client;
}

}  // namespace smee::http
