#include "hardware_index.h"

#include <algorithm>

namespace smee::backend_file {

template <class Map, class Key>
void HardwareIndex::claim(Map& map, const Key& key, Claim claim) {
  auto& claims = map[key].claims;
  const bool owner_has_it = std::any_of(claims.begin(), claims.end(),
                                        [&](const Claim& c) { return c.owner == claim.owner; });
  if (owner_has_it) return;  // the owner's first interface with this key answers
  claims.push_back(std::move(claim));
}

// Returns true when the owner had a claim there.
template <class Map, class Key>
bool HardwareIndex::release(Map& map, const Key& key, Owner owner) {
  const auto it = map.find(key);
  if (it == map.end()) return false;
  auto& claims = it->second.claims;
  const auto end = std::remove_if(claims.begin(), claims.end(),
                                  [&](const Claim& c) { return c.owner == owner; });
  const bool had = end != claims.end();
  claims.erase(end, claims.end());
  if (claims.empty()) map.erase(it);
  return had;
}

HardwareIndex::HardwareIndex(std::string source) : source_(std::move(source)) {}

HardwareIndex::HardwareIndex(std::vector<HardwareRecord> records,
                             const std::vector<MalformedRecord>& malformed, std::string source)
    : source_(std::move(source)) {
  by_mac_.reserve(records.size() + malformed.size());
  by_ip_.reserve(records.size() + malformed.size());
  Owner owner = 0;
  for (HardwareRecord& record : records) {
    add(owner++, std::make_shared<const HardwareRecord>(std::move(record)));
  }
  for (const MalformedRecord& bad : malformed) addMalformed(owner++, bad);
}

void HardwareIndex::add(Owner owner, std::shared_ptr<const HardwareRecord> record) {
  ++record_count_;
  const std::optional<Ipv4Address> ip = record->dhcp.ip;
  const MacAddress mac = record->dhcp.mac;
  if (ip) claim(by_ip_, ip->value(), Claim{owner, record, {}});
  claim(by_mac_, mac, Claim{owner, std::move(record), {}});
}

void HardwareIndex::addMalformed(Owner owner, const MalformedRecord& malformed,
                                 const std::string& where) {
  ++malformed_count_;
  std::string reason = "hardware record for mac " + malformed.mac.toString() + " (" + source_;
  if (malformed.line > 0) {
    reason += ":" + std::to_string(malformed.line) + ":" + std::to_string(malformed.column);
  } else if (!where.empty()) {
    reason += " " + where;
  }
  reason += ") cannot be used: " + malformed.reason;
  claim(by_mac_, malformed.mac, Claim{owner, nullptr, reason});
  if (malformed.ip) claim(by_ip_, malformed.ip->value(), Claim{owner, nullptr, std::move(reason)});
}

void HardwareIndex::remove(Owner owner, const MacAddress& mac, std::optional<Ipv4Address> ip) {
  const auto it = by_mac_.find(mac);
  if (it != by_mac_.end()) {
    for (const Claim& c : it->second.claims) {
      if (c.owner != owner) continue;
      if (c.record) {
        if (record_count_ > 0) --record_count_;
      } else if (malformed_count_ > 0) {
        --malformed_count_;
      }
    }
  }
  release(by_mac_, mac, owner);
  if (ip) release(by_ip_, ip->value(), owner);
}

std::size_t HardwareIndex::macOwners(const MacAddress& mac) const {
  const auto it = by_mac_.find(mac);
  return it == by_mac_.end() ? 0 : it->second.claims.size();
}

std::size_t HardwareIndex::ipOwners(Ipv4Address ip) const {
  const auto it = by_ip_.find(ip.value());
  return it == by_ip_.end() ? 0 : it->second.claims.size();
}

LookupResult HardwareIndex::answer(const Entry* entry, const std::string& what) {
  LookupResult result;
  if (entry == nullptr || entry->claims.empty()) {
    result.status = LookupStatus::NotFound;
    result.detail = "no hardware record for " + what;
  } else if (entry->claims.size() > 1) {
    result.status = LookupStatus::Ambiguous;
    result.detail = std::to_string(entry->claims.size()) + " hardware records for " + what;
  } else if (!entry->claims.front().record) {
    result.status = LookupStatus::Malformed;
    result.detail = entry->claims.front().malformed_reason;
  } else {
    result.status = LookupStatus::Found;
    result.record = entry->claims.front().record;
  }
  return result;
}

// The hit path copies one shared_ptr and formats no text: lookups run on
// every DHCP packet.
LookupResult HardwareIndex::byMac(const MacAddress& mac) const {
  const auto it = by_mac_.find(mac);
  if (it != by_mac_.end() && it->second.claims.size() == 1 && it->second.claims.front().record) {
    return {LookupStatus::Found, it->second.claims.front().record, {}};
  }
  return answer(it == by_mac_.end() ? nullptr : &it->second, "mac " + mac.toString());
}

LookupResult HardwareIndex::byIp(Ipv4Address ip) const {
  const auto it = by_ip_.find(ip.value());
  if (it != by_ip_.end() && it->second.claims.size() == 1 && it->second.claims.front().record) {
    return {LookupStatus::Found, it->second.claims.front().record, {}};
  }
  return answer(it == by_ip_.end() ? nullptr : &it->second, "ip " + ip.toString());
}

}  // namespace smee::backend_file
