#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "hardware_decoder.h"
#include "id_table.h"
#include "shared_pool.h"
#include "smee/services/backend.h"

namespace smee::backend_kube {

// Every cached Hardware object, packed for fleets and changed one object at
// a time. The file backend's packed index, made mutable: a record (one
// interface) keeps what differs per machine (MAC, IP, hostname) and the id
// of its profile, everything else (netmask, gateway, DNS, netboot settings,
// namespace, ...), shared by the machines that have the same and counted by
// them so it goes with its last user. The object keeps its name and
// namespace. MAC, IP and object key are open-addressing tables of ids. A hit
// builds the HardwareRecord it answers with, as the file backend's does.
//
// Answers what HardwareIndex answered with one owner per object: a MAC or IP
// claimed by two objects is Ambiguous; one object naming the same MAC twice
// answers with its first interface. Not thread-safe: HardwareCache locks.
class HardwareStore {
 public:
  // `source` names the API server in lookup details.
  explicit HardwareStore(std::string source);
  HardwareStore(const HardwareStore&) = delete;
  HardwareStore& operator=(const HardwareStore&) = delete;

  // ADDED and MODIFIED: the object's records replace its previous ones.
  void upsert(const DecodedObject& decoded);
  // DELETED; false when the object was not stored.
  bool remove(const std::string& key);

  LookupResult byMac(const MacAddress& mac) const;
  LookupResult byIp(Ipv4Address ip) const;
  // How many objects claim the key (0 when none): more than one is Ambiguous.
  std::size_t macOwners(const MacAddress& mac) const;
  std::size_t ipOwners(Ipv4Address ip) const;
  // The MACs and IPs an object claims, for the ambiguity log.
  struct Claims {
    std::vector<MacAddress> macs;
    std::vector<Ipv4Address> ips;
  };
  Claims claimsOf(const std::string& key) const;
  // Every key more than one object claims, once per claiming object (for
  // the log after a list).
  struct Ambiguity {
    std::optional<MacAddress> mac;
    std::optional<Ipv4Address> ip;
    std::size_t owners = 0;
    std::string key;  // one of the objects
  };
  std::vector<Ambiguity> ambiguities() const;

  std::size_t objectCount() const { return object_count_; }
  std::size_t recordCount() const { return record_count_; }
  std::size_t profileCount() const { return profiles_.size(); }
  // Heap bytes of the records, objects and tables (profiles and namespaces,
  // a few per fleet, left out), for the benchmark.
  std::size_t bytes() const;

 private:
  using Id = std::uint32_t;
  static constexpr Id kNone = UINT32_MAX;

  struct Record {
    std::array<std::uint8_t, 6> mac{};
    std::uint8_t has_ip = 0;
    std::uint8_t flags = 0;  // kClaimsMac, kClaimsIp, kMalformed
    std::uint32_t ip = 0;
    Id object = kNone;
    Id next = kNone;  // the object's next interface, or the next free slot
    SharedPool<HardwareRecord>::Id profile = 0;
    std::string hostname;  // short names stay inside the string: no allocation
  };
  struct Object {
    std::string name;
    SharedPool<std::string>::Id namespace_ = 0;
    Id first = kNone;
  };

  struct RecordHash {
    const HardwareStore* store;
    std::size_t operator()(Id id) const;
  };
  struct IpHash {
    const HardwareStore* store;
    std::size_t operator()(Id id) const;
  };
  struct ObjectHash {
    const HardwareStore* store;
    std::size_t operator()(Id id) const;
  };

  Id findObject(std::string_view key) const;
  std::string keyOf(const Object& object) const;
  Id newRecord();
  void dropRecords(Object& object);
  // Adds one interface; `last` is the object's last record so far.
  void addRecord(Id object, Id& last, Record record, const HardwareRecord* full,
                 std::string malformed_detail);
  bool objectClaimsMac(Id object, const std::array<std::uint8_t, 6>& mac) const;
  bool objectClaimsIp(Id object, std::uint32_t ip) const;
  std::shared_ptr<const HardwareRecord> unpack(const Record& packed) const;
  LookupResult answer(std::size_t claims, Id first, const std::string& what) const;

  const std::string source_;
  std::vector<Record> records_;
  std::vector<Object> objects_;
  Id free_records_ = kNone;
  std::vector<Id> free_objects_;
  IdTable<RecordHash> by_mac_{RecordHash{this}};
  IdTable<IpHash> by_ip_{IpHash{this}};
  IdTable<ObjectHash> by_key_{ObjectHash{this}};
  SharedPool<HardwareRecord> profiles_;
  SharedPool<std::string> namespaces_;
  std::unordered_map<Id, std::string> malformed_details_;  // rare: by record id
  std::size_t object_count_ = 0;
  std::size_t record_count_ = 0;
};

}  // namespace smee::backend_kube
