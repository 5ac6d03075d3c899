#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "hardware_decoder.h"
#include "hardware_index.h"
#include "smee/log.h"
#include "smee/services/backend.h"

namespace smee::plugins::backend_kube {

// The in-memory copy of every Hardware object: one writer (the watch
// thread), any number of readers (DHCP and HTTP workers). A lookup takes a
// shared lock for one hash probe and a shared_ptr copy; an event takes the
// exclusive lock for the time it needs to swap one object's records in. A
// re-list builds the new index without the lock and swaps it in whole.
class HardwareCache {
 public:
  // `source` names the API server in lookup details.
  HardwareCache(std::string source, Logger logger);

  // Replaces everything (after a list); returns the object count.
  std::size_t replaceAll(std::vector<DecodedObject> objects);
  // ADDED and MODIFIED: the object's records replace its previous ones.
  void upsert(DecodedObject object);
  // DELETED; false when the object was not cached.
  bool remove(const std::string& key);

  LookupResult byMac(const MacAddress& mac) const;
  LookupResult byIp(Ipv4Address ip) const;

  std::size_t objectCount() const;
  std::size_t recordCount() const;

 private:
  // What an object put in the index, to take it out again.
  struct ObjectEntry {
    backend_file::HardwareIndex::Owner owner = 0;
    std::vector<std::pair<MacAddress, std::optional<Ipv4Address>>> keys;
  };
  using Objects = std::unordered_map<std::string, ObjectEntry>;

  static ObjectEntry insert(backend_file::HardwareIndex& index, backend_file::HardwareIndex::Owner owner,
                            DecodedObject& object);
  static void erase(backend_file::HardwareIndex& index, const ObjectEntry& entry);
  void logProblems(const DecodedObject& object);
  // Logs a MAC or IP that more than one object claims, once until it is
  // unique again. Called with mutex_ held.
  void checkAmbiguity(const ObjectEntry& entry, const std::string& key);
  void forgetAmbiguity(const ObjectEntry& entry);

  const std::string source_;
  const Logger logger_;
  mutable std::shared_mutex mutex_;  // guards everything below
  std::unique_ptr<backend_file::HardwareIndex> index_;
  Objects objects_;
  backend_file::HardwareIndex::Owner next_owner_ = 1;
  std::unordered_set<MacAddress> ambiguous_macs_;
  std::unordered_set<std::uint32_t> ambiguous_ips_;
  std::size_t problem_lines_ = 0;
};

}  // namespace smee::plugins::backend_kube
