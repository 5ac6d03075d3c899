#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "hardware_parser.h"
#include "smee/services/backend.h"

namespace smee::backend_file {

// Hardware records indexed by MAC and by IPv4 so every lookup is a hash probe
// (Smee re-parsed the file on each one). Both backends now serve from packed
// indexes (PackedHardwareIndex, the Kubernetes backend's HardwareStore); this
// one stays as the reference their tests compare answers with. Const methods
// are safe from any number of threads while nobody modifies the index.
//
// Every record belongs to an owner (a file record, a Hardware object). A key
// claimed by two owners answers Ambiguous; one owner naming the same MAC on
// two interfaces is not ambiguous: its first interface answers, as in Smee.
class HardwareIndex {
 public:
  using Owner = std::uint64_t;

  // `source` names where records come from in lookup details
  // ("/etc/smee/hardware.yaml", "https://10.0.0.1:6443").
  explicit HardwareIndex(std::string source);
  // One owner per record, in order: the file backend's snapshot.
  HardwareIndex(std::vector<HardwareRecord> records, const std::vector<MalformedRecord>& malformed,
                std::string source);

  void add(Owner owner, std::shared_ptr<const HardwareRecord> record);
  // `where` is put in the lookup detail when the record has no line
  // ("default/machine-1").
  void addMalformed(Owner owner, const MalformedRecord& malformed, const std::string& where = {});
  // Drops what `owner` claimed under this MAC and IP.
  void remove(Owner owner, const MacAddress& mac, std::optional<Ipv4Address> ip);

  LookupResult byMac(const MacAddress& mac) const;
  LookupResult byIp(Ipv4Address ip) const;
  // How many owners claim the key (0 when none): more than one is Ambiguous.
  std::size_t macOwners(const MacAddress& mac) const;
  std::size_t ipOwners(Ipv4Address ip) const;

  std::size_t recordCount() const { return record_count_; }
  std::size_t malformedCount() const { return malformed_count_; }

 private:
  struct Claim {
    Owner owner = 0;
    std::shared_ptr<const HardwareRecord> record;  // null when malformed
    std::string malformed_reason;
  };
  // Everything known under one key: a single claim answers Found (or
  // Malformed), two or more Ambiguous.
  struct Entry {
    std::vector<Claim> claims;
  };
  template <class Map, class Key>
  static void claim(Map& map, const Key& key, Claim claim);
  template <class Map, class Key>
  static bool release(Map& map, const Key& key, Owner owner);
  static LookupResult answer(const Entry* entry, const std::string& what);

  std::unordered_map<MacAddress, Entry> by_mac_;
  std::unordered_map<std::uint32_t, Entry> by_ip_;
  std::string source_;
  std::size_t record_count_ = 0;
  std::size_t malformed_count_ = 0;
};

}  // namespace smee::backend_file
