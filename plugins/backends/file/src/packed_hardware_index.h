#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "intern_pool.h"
#include "parse_collector.h"
#include "smee/services/backend.h"

namespace smee::backend_file {

// The file backend's immutable snapshot, sized for fleets: 100,000 machines
// take a few megabytes. A record is 24 bytes: its MAC, IP, hostname and
// object name (the fields that differ per machine) and the id of its
// profile, everything else (netmask, gateway, DNS, netboot settings, ...),
// which most machines share and which is stored once. Text and lists are
// interned. Records are sorted by MAC, and a second array orders them by IP,
// so a lookup is a binary search; a hit builds the HardwareRecord it answers
// with (the snapshot holds no HardwareRecord at all).
//
// Answers what HardwareIndex answers for the same records and malformed
// records, each its own owner: a key several of them share is Ambiguous.
class PackedHardwareIndex {
 public:
  LookupResult byMac(const MacAddress& mac) const;
  LookupResult byIp(Ipv4Address ip) const;
  std::size_t recordCount() const { return records_.size(); }
  std::size_t malformedCount() const { return malformed_.size(); }
  // Heap bytes held, for tests and the scale benchmark.
  std::size_t bytes() const;

 private:
  friend class PackedIndexBuilder;
  struct Record {
    std::array<std::uint8_t, 6> mac{};
    std::uint8_t has_ip = 0;
    std::uint32_t ip = 0;
    StringPool::Id hostname = 0;
    StringPool::Id name = 0;
    InternPool<std::uint32_t>::Id profile = 0;
  };
  struct Malformed {
    std::array<std::uint8_t, 6> mac{};
    std::uint8_t has_ip = 0;
    std::uint32_t ip = 0;
    std::int32_t line = 0;
    std::int32_t column = 0;
    StringPool::Id reason = 0;
  };

  std::shared_ptr<const HardwareRecord> unpack(const Record& packed) const;
  std::string malformedDetail(const Malformed& bad) const;
  LookupResult answer(std::size_t records, const Record* record, std::size_t malformed,
                      const Malformed* bad, const std::string& what) const;

  std::string source_;
  std::vector<Record> records_;                 // by MAC, file order within one MAC
  std::vector<std::uint32_t> records_by_ip_;    // indexes into records_, by IP
  std::vector<Malformed> malformed_;            // by MAC
  std::vector<std::uint32_t> malformed_by_ip_;  // indexes into malformed_, by IP
  StringPool strings_;
  InternPool<std::uint32_t> words_;  // profiles and lists
};

// Packs records as the parser hands them over (a RecordSink), then sorts
// them into a PackedHardwareIndex.
class PackedIndexBuilder final : public RecordSink {
 public:
  void addRecord(HardwareRecord record) override;
  void addMalformed(MalformedRecord malformed) override;
  std::size_t recordCount() const override { return index_->records_.size(); }
  std::size_t malformedCount() const override { return index_->malformed_.size(); }
  void truncate(std::size_t records, std::size_t malformed) override;

  // `source` names the file in lookup details. The builder is spent.
  std::shared_ptr<const PackedHardwareIndex> build(std::string source);

 private:
  InternPool<std::uint32_t>::Id packProfile(const HardwareRecord& record);
  std::unique_ptr<PackedHardwareIndex> index_ = std::make_unique<PackedHardwareIndex>();
};

}  // namespace smee::backend_file
