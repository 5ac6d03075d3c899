#include "hardware_index.h"

namespace smee::plugins::backend_file {

namespace {

template <class Map, class Key>
void claim(Map& map, const Key& key, std::shared_ptr<const HardwareRecord> record,
           const std::string& malformed_reason) {
  auto& entry = map[key];
  ++entry.claimants;
  if (entry.claimants == 1) {
    entry.record = std::move(record);
    entry.malformed_reason = malformed_reason;
  } else {
    // Ambiguous from now on: hold nothing that could be served by mistake.
    entry.record.reset();
    entry.malformed_reason.clear();
  }
}

}  // namespace

HardwareIndex::HardwareIndex(std::vector<HardwareRecord> records,
                             const std::vector<MalformedRecord>& malformed, std::string source)
    : source_(std::move(source)),
      record_count_(records.size()),
      malformed_count_(malformed.size()) {
  by_mac_.reserve(records.size() + malformed.size());
  by_ip_.reserve(records.size() + malformed.size());
  for (HardwareRecord& record : records) {
    auto shared = std::make_shared<const HardwareRecord>(std::move(record));
    claim(by_mac_, shared->dhcp.mac, shared, std::string());
    if (shared->dhcp.ip) claim(by_ip_, shared->dhcp.ip->value(), shared, std::string());
  }
  for (const MalformedRecord& bad : malformed) addMalformed(bad);
}

void HardwareIndex::addMalformed(const MalformedRecord& malformed) {
  std::string reason = "hardware record for mac " + malformed.mac.toString() + " (" + source_;
  if (malformed.line > 0) {
    reason += ":" + std::to_string(malformed.line) + ":" + std::to_string(malformed.column);
  }
  reason += ") cannot be used: " + malformed.reason;
  claim(by_mac_, malformed.mac, nullptr, reason);
  if (malformed.ip) claim(by_ip_, malformed.ip->value(), nullptr, reason);
}

LookupResult HardwareIndex::answer(const Entry* entry, const std::string& what) {
  LookupResult result;
  if (entry == nullptr) {
    result.status = LookupStatus::NotFound;
    result.detail = "no hardware record for " + what;
  } else if (entry->claimants > 1) {
    result.status = LookupStatus::Ambiguous;
    result.detail = std::to_string(entry->claimants) + " hardware records for " + what;
  } else if (!entry->record) {
    result.status = LookupStatus::Malformed;
    result.detail = entry->malformed_reason;
  } else {
    result.status = LookupStatus::Found;
    result.record = entry->record;
  }
  return result;
}

// The hit path copies one shared_ptr and formats no text: lookups run on
// every DHCP packet.
LookupResult HardwareIndex::byMac(const MacAddress& mac) const {
  const auto it = by_mac_.find(mac);
  if (it != by_mac_.end() && it->second.claimants == 1 && it->second.record) {
    return {LookupStatus::Found, it->second.record, {}};
  }
  return answer(it == by_mac_.end() ? nullptr : &it->second, "mac " + mac.toString());
}

LookupResult HardwareIndex::byIp(Ipv4Address ip) const {
  const auto it = by_ip_.find(ip.value());
  if (it != by_ip_.end() && it->second.claimants == 1 && it->second.record) {
    return {LookupStatus::Found, it->second.record, {}};
  }
  return answer(it == by_ip_.end() ? nullptr : &it->second, "ip " + ip.toString());
}

}  // namespace smee::plugins::backend_file
