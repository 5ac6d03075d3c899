#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "hardware_parser.h"
#include "smee/services/backend.h"

namespace smee::plugins::backend_file {

// An immutable snapshot of one parsed hardware file, indexed by MAC and by
// IPv4 so every lookup is a hash probe (Smee re-parsed the file on each one).
// Safe to read from any number of threads; a reload builds a new one.
class HardwareIndex {
 public:
  // `source` names the file in lookup details ("/etc/smee/hardware.yaml").
  HardwareIndex(std::vector<HardwareRecord> records, const std::vector<MalformedRecord>& malformed,
                std::string source);

  LookupResult byMac(const MacAddress& mac) const;
  LookupResult byIp(Ipv4Address ip) const;

  std::size_t recordCount() const { return record_count_; }
  std::size_t malformedCount() const { return malformed_count_; }

 private:
  // Everything known under one key: a single record answers Found, a single
  // malformed one Malformed, two or more of either Ambiguous.
  struct Entry {
    std::shared_ptr<const HardwareRecord> record;
    std::string malformed_reason;
    std::size_t claimants = 0;
  };
  static LookupResult answer(const Entry* entry, const std::string& what);
  void addMalformed(const MalformedRecord& malformed);

  std::unordered_map<MacAddress, Entry> by_mac_;
  std::unordered_map<std::uint32_t, Entry> by_ip_;
  std::string source_;
  std::size_t record_count_ = 0;
  std::size_t malformed_count_ = 0;
};

}  // namespace smee::plugins::backend_file
