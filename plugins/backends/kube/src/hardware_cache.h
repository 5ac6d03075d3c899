#pragma once

#include <cstddef>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "hardware_decoder.h"
#include "hardware_store.h"
#include "smee/log.h"
#include "smee/services/backend.h"

namespace smee::backend_kube {

// The in-memory copy of every Hardware object: one writer (the watch
// thread), any number of readers (DHCP and HTTP workers). A lookup takes a
// shared lock for one probe of the packed store and builds its record; an
// event takes the exclusive lock for the time it needs to swap one object's
// records in. A list fills a new store page by page without the lock
// (stage()) and swaps it in whole (replaceAll()).
class HardwareCache {
 public:
  // `source` names the API server in lookup details.
  HardwareCache(std::string source, Logger logger);

  // An empty store for a list to fill, and one page's object put into it
  // (its problems logged); lookups keep answering from the live store.
  std::unique_ptr<HardwareStore> newStore() const;
  void stage(HardwareStore& store, const DecodedObject& object);
  // Replaces everything with a staged store; returns the object count.
  std::size_t replaceAll(std::unique_ptr<HardwareStore> store);
  // The same from objects already decoded (tests, the benchmark).
  std::size_t replaceAll(const std::vector<DecodedObject>& objects);
  // ADDED and MODIFIED: the object's records replace its previous ones.
  void upsert(const DecodedObject& object);
  // DELETED; false when the object was not cached.
  bool remove(const std::string& key);

  LookupResult byMac(const MacAddress& mac) const;
  LookupResult byIp(Ipv4Address ip) const;

  std::size_t objectCount() const;
  std::size_t recordCount() const;
  // Distinct profiles and heap bytes of the store, for tests and the benchmark.
  std::size_t profileCount() const;
  std::size_t bytes() const;

 private:
  void logProblems(const DecodedObject& object);
  // Logs a MAC or IP that more than one object claims, once until it is
  // unique again. Called with mutex_ held.
  void checkAmbiguity(const HardwareStore::Claims& claims, const std::string& key);
  void forgetAmbiguity(const HardwareStore::Claims& claims);
  void logAmbiguity(bool mac, const std::string& value, std::size_t owners, const std::string& key);

  const std::string source_;
  const Logger logger_;
  mutable std::shared_mutex mutex_;  // guards everything below
  std::unique_ptr<HardwareStore> store_;
  std::unordered_set<MacAddress> ambiguous_macs_;
  std::unordered_set<std::uint32_t> ambiguous_ips_;
  std::size_t problem_lines_ = 0;
};

}  // namespace smee::backend_kube
