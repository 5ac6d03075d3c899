#include "hardware_store.h"

#include <functional>
#include <stdexcept>

#include "hardware_profile.h"

namespace smee::backend_kube {

namespace {

enum Flag : std::uint8_t {
  kClaimsMac = 1,  // the record is in by_mac_ (its object's first with this MAC)
  kClaimsIp = 2,   // the record is in by_ip_
  kMalformed = 4,  // answers Malformed with its detail
  kOwnName = 8,    // the profile carries a name other than the object's
};

// MACs and addresses of a fleet are sequential; the tables mask the low
// bits, so the keys are mixed first (splitmix64's finaliser).
std::size_t mix(std::uint64_t value) {
  value ^= value >> 33;
  value *= 0xff51afd7ed558ccdULL;
  value ^= value >> 33;
  value *= 0xc4ceb9fe1a85ec53ULL;
  value ^= value >> 33;
  return static_cast<std::size_t>(value);
}

std::size_t macHash(const std::array<std::uint8_t, 6>& mac) {
  std::uint64_t value = 0;
  for (const std::uint8_t byte : mac) value = (value << 8) | byte;
  return mix(value);
}

std::size_t ipHash(std::uint32_t ip) { return mix(ip); }

std::size_t keyHash(std::string_view namespace_, std::string_view name) {
  const std::hash<std::string_view> text;
  return text(name) ^ mix(text(namespace_));
}

// "namespace/name", or "name" for an object without a namespace.
std::pair<std::string_view, std::string_view> splitKey(std::string_view key) {
  const std::size_t slash = key.find('/');
  if (slash == std::string_view::npos) return {{}, key};
  return {key.substr(0, slash), key.substr(slash + 1)};
}

}  // namespace

std::size_t HardwareStore::RecordHash::operator()(Id id) const {
  return macHash(store->records_[id].mac);
}

std::size_t HardwareStore::IpHash::operator()(Id id) const {
  return ipHash(store->records_[id].ip);
}

std::size_t HardwareStore::ObjectHash::operator()(Id id) const {
  const Object& object = store->objects_[id];
  return keyHash(store->namespaces_.get(object.namespace_), object.name);
}

HardwareStore::HardwareStore(std::string source) : source_(std::move(source)) {}

HardwareStore::Id HardwareStore::findObject(std::string_view key) const {
  const auto [namespace_, name] = splitKey(key);
  Id found = kNone;
  // Structured bindings are captured by name (C++20; clang 14 refuses them in [&]).
  by_key_.forEach(keyHash(namespace_, name), [&, namespace_ = namespace_, name = name](Id id) {
    const Object& object = objects_[id];
    if (object.name == name && namespaces_.get(object.namespace_) == namespace_) {
      found = id;
      return false;
    }
    return true;
  });
  return found;
}

std::string HardwareStore::keyOf(const Object& object) const {
  const std::string& namespace_ = namespaces_.get(object.namespace_);
  return namespace_.empty() ? object.name : namespace_ + "/" + object.name;
}

HardwareStore::Id HardwareStore::newRecord() {
  if (free_records_ != kNone) {
    const Id id = free_records_;
    free_records_ = records_[id].next;
    return id;
  }
  if (records_.size() >= kNone) throw std::length_error("too many hardware records to cache");
  records_.emplace_back();
  return static_cast<Id>(records_.size() - 1);
}

void HardwareStore::dropRecords(Object& object) {
  for (Id id = object.first; id != kNone;) {
    Record& record = records_[id];
    if (record.flags & kClaimsMac) by_mac_.erase(macHash(record.mac), id);
    if (record.flags & kClaimsIp) by_ip_.erase(ipHash(record.ip), id);
    if (record.flags & kMalformed) {
      malformed_details_.erase(id);
    } else {
      --record_count_;
    }
    profiles_.release(record.profile);
    const Id next = record.next;
    record = Record{};
    record.next = free_records_;
    free_records_ = id;
    id = next;
  }
  object.first = kNone;
}

bool HardwareStore::objectClaimsMac(Id object, const std::array<std::uint8_t, 6>& mac) const {
  for (Id id = objects_[object].first; id != kNone; id = records_[id].next) {
    if ((records_[id].flags & kClaimsMac) && records_[id].mac == mac) return true;
  }
  return false;
}

bool HardwareStore::objectClaimsIp(Id object, std::uint32_t ip) const {
  for (Id id = objects_[object].first; id != kNone; id = records_[id].next) {
    if ((records_[id].flags & kClaimsIp) && records_[id].ip == ip) return true;
  }
  return false;
}

void HardwareStore::addRecord(Id object, Id& last, Record record, const HardwareRecord* full,
                              std::string malformed_detail) {
  const Id id = newRecord();  // may move records_: no references before this
  record.object = object;
  record.next = kNone;
  if (full != nullptr) {
    const bool own_name = full->name != objects_[object].name;
    if (own_name) record.flags |= kOwnName;
    record.profile =
        profiles_.acquire(profileKey(*full, own_name), [&] { return profileOf(*full, own_name); });
    ++record_count_;
  } else {
    record.flags |= kMalformed;
    malformed_details_[id] = std::move(malformed_detail);
  }
  // As HardwareIndex: an object claims a key once, with its first interface.
  if (!objectClaimsMac(object, record.mac)) record.flags |= kClaimsMac;
  if (record.has_ip && !objectClaimsIp(object, record.ip)) record.flags |= kClaimsIp;
  records_[id] = std::move(record);
  if (last == kNone) {
    objects_[object].first = id;
  } else {
    records_[last].next = id;
  }
  last = id;
  const Record& stored = records_[id];
  if (stored.flags & kClaimsMac) by_mac_.insert(macHash(stored.mac), id);
  if (stored.flags & kClaimsIp) by_ip_.insert(ipHash(stored.ip), id);
}

void HardwareStore::upsert(const DecodedObject& decoded) {
  Id object = findObject(decoded.key);
  if (object == kNone) {
    if (!free_objects_.empty()) {
      object = free_objects_.back();
      free_objects_.pop_back();
    } else {
      if (objects_.size() >= kNone) throw std::length_error("too many hardware objects to cache");
      objects_.emplace_back();
      object = static_cast<Id>(objects_.size() - 1);
    }
    const auto [namespace_, name] = splitKey(decoded.key);
    Object& fresh = objects_[object];
    fresh.name = std::string(name);
    fresh.namespace_ =
        namespace_.empty()
            ? 0
            : namespaces_.acquire(std::string(namespace_),
                                  [namespace_ = namespace_] { return std::string(namespace_); });
    by_key_.insert(keyHash(namespace_, name), object);
    ++object_count_;
  } else {
    dropRecords(objects_[object]);
  }
  Id last = kNone;
  for (const HardwareRecord& full : decoded.records) {
    Record record;
    record.mac = full.dhcp.mac.bytes();
    record.has_ip = full.dhcp.ip ? 1 : 0;
    record.ip = full.dhcp.ip ? full.dhcp.ip->value() : 0;
    record.hostname = full.dhcp.hostname;
    addRecord(object, last, std::move(record), &full, {});
  }
  for (const MalformedRecord& bad : decoded.malformed) {
    std::string detail = "hardware record for mac " + bad.mac.toString() + " (" + source_;
    if (bad.line > 0) {
      detail += ":" + std::to_string(bad.line) + ":" + std::to_string(bad.column);
    } else {
      detail += " " + decoded.key;
    }
    detail += ") cannot be used: " + bad.reason;
    Record record;
    record.mac = bad.mac.bytes();
    record.has_ip = bad.ip ? 1 : 0;
    record.ip = bad.ip ? bad.ip->value() : 0;
    addRecord(object, last, std::move(record), nullptr, std::move(detail));
  }
}

bool HardwareStore::remove(const std::string& key) {
  const Id id = findObject(key);
  if (id == kNone) return false;
  Object& object = objects_[id];
  dropRecords(object);
  by_key_.erase(keyHash(namespaces_.get(object.namespace_), object.name), id);
  namespaces_.release(object.namespace_);
  object = Object{};
  free_objects_.push_back(id);
  --object_count_;
  return true;
}

std::size_t HardwareStore::bytes() const {
  // Text longer than the string's inline buffer has a block of its own.
  const auto heap = [](const std::string& text) {
    return text.capacity() > std::string().capacity() ? text.capacity() + 1 : 0;
  };
  std::size_t total = records_.capacity() * sizeof(Record) + objects_.capacity() * sizeof(Object) +
                      by_mac_.bytes() + by_ip_.bytes() + by_key_.bytes() +
                      free_objects_.capacity() * sizeof(Id);
  for (const Record& record : records_) total += heap(record.hostname);
  for (const Object& object : objects_) total += heap(object.name);
  return total;
}

HardwareStore::Claims HardwareStore::claimsOf(const std::string& key) const {
  Claims claims;
  const Id object = findObject(key);
  if (object == kNone) return claims;
  for (Id id = objects_[object].first; id != kNone; id = records_[id].next) {
    claims.macs.emplace_back(records_[id].mac);
    if (records_[id].has_ip) claims.ips.emplace_back(records_[id].ip);
  }
  return claims;
}

std::vector<HardwareStore::Ambiguity> HardwareStore::ambiguities() const {
  std::vector<Ambiguity> found;
  for (Id id = 0; id < records_.size(); ++id) {
    const Record& record = records_[id];
    if (record.object == kNone) continue;  // a free slot
    const MacAddress mac(record.mac);
    if ((record.flags & kClaimsMac) && macOwners(mac) > 1) {
      found.push_back({mac, std::nullopt, macOwners(mac), keyOf(objects_[record.object])});
    }
    if ((record.flags & kClaimsIp) && ipOwners(Ipv4Address(record.ip)) > 1) {
      found.push_back({std::nullopt, Ipv4Address(record.ip), ipOwners(Ipv4Address(record.ip)),
                       keyOf(objects_[record.object])});
    }
  }
  return found;
}

std::size_t HardwareStore::macOwners(const MacAddress& mac) const {
  std::size_t owners = 0;
  by_mac_.forEach(macHash(mac.bytes()), [&](Id id) {
    owners += records_[id].mac == mac.bytes() ? 1 : 0;
    return true;
  });
  return owners;
}

std::size_t HardwareStore::ipOwners(Ipv4Address ip) const {
  std::size_t owners = 0;
  by_ip_.forEach(ipHash(ip.value()), [&](Id id) {
    owners += records_[id].ip == ip.value() ? 1 : 0;
    return true;
  });
  return owners;
}

std::shared_ptr<const HardwareRecord> HardwareStore::unpack(const Record& packed) const {
  auto record = std::make_shared<HardwareRecord>(profiles_.get(packed.profile));
  record->dhcp.mac = MacAddress(packed.mac);
  if (packed.has_ip) record->dhcp.ip = Ipv4Address(packed.ip);
  record->dhcp.hostname = packed.hostname;
  if ((packed.flags & kOwnName) == 0) record->name = objects_[packed.object].name;
  return record;
}

LookupResult HardwareStore::answer(std::size_t claims, Id first, const std::string& what) const {
  if (claims == 0) return {LookupStatus::NotFound, nullptr, "no hardware record for " + what};
  if (claims > 1) {
    return {LookupStatus::Ambiguous, nullptr,
            std::to_string(claims) + " hardware records for " + what};
  }
  if (records_[first].flags & kMalformed) {
    return {LookupStatus::Malformed, nullptr, malformed_details_.at(first)};
  }
  return {LookupStatus::Found, unpack(records_[first]), {}};
}

// The hit path formats no text: lookups run on every DHCP packet.
LookupResult HardwareStore::byMac(const MacAddress& mac) const {
  std::size_t claims = 0;
  Id first = kNone;
  by_mac_.forEach(macHash(mac.bytes()), [&](Id id) {
    if (records_[id].mac != mac.bytes()) return true;
    if (claims++ == 0) first = id;
    return true;
  });
  if (claims == 1 && (records_[first].flags & kMalformed) == 0) {
    return {LookupStatus::Found, unpack(records_[first]), {}};
  }
  return answer(claims, first, "mac " + mac.toString());
}

LookupResult HardwareStore::byIp(Ipv4Address ip) const {
  std::size_t claims = 0;
  Id first = kNone;
  by_ip_.forEach(ipHash(ip.value()), [&](Id id) {
    if (records_[id].ip != ip.value()) return true;
    if (claims++ == 0) first = id;
    return true;
  });
  if (claims == 1 && (records_[first].flags & kMalformed) == 0) {
    return {LookupStatus::Found, unpack(records_[first]), {}};
  }
  return answer(claims, first, "ip " + ip.toString());
}

}  // namespace smee::backend_kube
