#include "hardware_cache.h"

#include <mutex>

namespace smee::backend_kube {

using backend_file::ProblemImpact;

namespace {

// A fleet where every object has the same mistake must not bury the log;
// per process, since the watch keeps reporting new objects.
constexpr std::size_t kMaxProblemLines = 200;

}  // namespace

HardwareCache::HardwareCache(std::string source, Logger logger)
    : source_(std::move(source)), logger_(std::move(logger)), store_(newStore()) {}

std::unique_ptr<HardwareStore> HardwareCache::newStore() const {
  return std::make_unique<HardwareStore>(source_);
}

void HardwareCache::logProblems(const DecodedObject& object) {
  for (const RecordProblem& problem : object.problems) {
    if (problem.impact == ProblemImpact::Note) continue;  // e.g. an interface without a MAC
    if (problem_lines_ >= kMaxProblemLines) return;
    ++problem_lines_;
    logger_.warn("hardware object problem",
                 {{"hardware", object.key},
                  {"field", problem.field},
                  {"impact", backend_file::problemImpactName(problem.impact)},
                  {"problem", problem.message}});
  }
}

void HardwareCache::logAmbiguity(bool mac, const std::string& value, std::size_t owners,
                                 const std::string& key) {
  if (mac) {
    logger_.warn("mac claimed by more than one Hardware object; lookups answer ambiguous",
                 {{"mac", value}, {"objects", owners}, {"hardware", key}});
  } else {
    logger_.warn("ip claimed by more than one Hardware object; lookups answer ambiguous",
                 {{"ip", value}, {"objects", owners}, {"hardware", key}});
  }
}

void HardwareCache::checkAmbiguity(const HardwareStore::Claims& claims, const std::string& key) {
  for (const MacAddress& mac : claims.macs) {
    const std::size_t owners = store_->macOwners(mac);
    if (owners > 1 && ambiguous_macs_.insert(mac).second) {
      logAmbiguity(true, mac.toString(), owners, key);
    }
  }
  for (const Ipv4Address& ip : claims.ips) {
    const std::size_t owners = store_->ipOwners(ip);
    if (owners > 1 && ambiguous_ips_.insert(ip.value()).second) {
      logAmbiguity(false, ip.toString(), owners, key);
    }
  }
}

void HardwareCache::forgetAmbiguity(const HardwareStore::Claims& claims) {
  for (const MacAddress& mac : claims.macs) {
    if (store_->macOwners(mac) <= 1) ambiguous_macs_.erase(mac);
  }
  for (const Ipv4Address& ip : claims.ips) {
    if (store_->ipOwners(ip) <= 1) ambiguous_ips_.erase(ip.value());
  }
}

void HardwareCache::stage(HardwareStore& store, const DecodedObject& object) {
  logProblems(object);
  store.upsert(object);
}

std::size_t HardwareCache::replaceAll(std::unique_ptr<HardwareStore> store) {
  // Judged before the swap, outside the lock: the staged store is not
  // visible to lookups yet.
  std::unordered_set<MacAddress> macs;
  std::unordered_set<std::uint32_t> ips;
  for (const HardwareStore::Ambiguity& ambiguity : store->ambiguities()) {
    if (ambiguity.mac && macs.insert(*ambiguity.mac).second) {
      logAmbiguity(true, ambiguity.mac->toString(), ambiguity.owners, ambiguity.key);
    }
    if (ambiguity.ip && ips.insert(ambiguity.ip->value()).second) {
      logAmbiguity(false, ambiguity.ip->toString(), ambiguity.owners, ambiguity.key);
    }
  }
  const std::size_t objects = store->objectCount();
  {
    std::unique_lock lock(mutex_);
    store_.swap(store);
    ambiguous_macs_.swap(macs);
    ambiguous_ips_.swap(ips);
  }
  return objects;  // the old store is freed here, outside the lock
}

std::size_t HardwareCache::replaceAll(const std::vector<DecodedObject>& objects) {
  std::unique_ptr<HardwareStore> store = newStore();
  for (const DecodedObject& object : objects) stage(*store, object);
  return replaceAll(std::move(store));
}

void HardwareCache::upsert(const DecodedObject& object) {
  logProblems(object);
  std::unique_lock lock(mutex_);
  const HardwareStore::Claims before = store_->claimsOf(object.key);
  store_->upsert(object);
  // After the new records are in, so a MAC that stays ambiguous through a
  // MODIFIED is not logged again.
  forgetAmbiguity(before);
  checkAmbiguity(store_->claimsOf(object.key), object.key);
}

bool HardwareCache::remove(const std::string& key) {
  std::unique_lock lock(mutex_);
  const HardwareStore::Claims before = store_->claimsOf(key);
  if (!store_->remove(key)) return false;
  forgetAmbiguity(before);
  return true;
}

LookupResult HardwareCache::byMac(const MacAddress& mac) const {
  std::shared_lock lock(mutex_);
  return store_->byMac(mac);
}

LookupResult HardwareCache::byIp(Ipv4Address ip) const {
  std::shared_lock lock(mutex_);
  return store_->byIp(ip);
}

std::size_t HardwareCache::objectCount() const {
  std::shared_lock lock(mutex_);
  return store_->objectCount();
}

std::size_t HardwareCache::recordCount() const {
  std::shared_lock lock(mutex_);
  return store_->recordCount();
}

std::size_t HardwareCache::profileCount() const {
  std::shared_lock lock(mutex_);
  return store_->profileCount();
}

std::size_t HardwareCache::bytes() const {
  std::shared_lock lock(mutex_);
  return store_->bytes();
}

}  // namespace smee::backend_kube
