#include "hardware_cache.h"

#include <mutex>

namespace smee::plugins::backend_kube {

using backend_file::HardwareIndex;
using backend_file::ProblemImpact;

namespace {

// A fleet where every object has the same mistake must not bury the log;
// per process, since the watch keeps reporting new objects.
constexpr std::size_t kMaxProblemLines = 200;

}  // namespace

HardwareCache::HardwareCache(std::string source, Logger logger)
    : source_(std::move(source)),
      logger_(std::move(logger)),
      index_(std::make_unique<HardwareIndex>(source_)) {}

HardwareCache::ObjectEntry HardwareCache::insert(HardwareIndex& index, HardwareIndex::Owner owner,
                                                 DecodedObject& object) {
  ObjectEntry entry;
  entry.owner = owner;
  entry.keys.reserve(object.records.size() + object.malformed.size());
  for (HardwareRecord& record : object.records) {
    entry.keys.emplace_back(record.dhcp.mac, record.dhcp.ip);
    index.add(owner, std::make_shared<const HardwareRecord>(std::move(record)));
  }
  for (const MalformedRecord& bad : object.malformed) {
    entry.keys.emplace_back(bad.mac, bad.ip);
    index.addMalformed(owner, bad, object.key);
  }
  return entry;
}

void HardwareCache::erase(HardwareIndex& index, const ObjectEntry& entry) {
  for (const auto& [mac, ip] : entry.keys) index.remove(entry.owner, mac, ip);
}

void HardwareCache::logProblems(const DecodedObject& object) {
  for (const RecordProblem& problem : object.problems) {
    if (problem.impact == ProblemImpact::Note) continue;  // e.g. an interface without a MAC
    if (problem_lines_ >= kMaxProblemLines) return;
    ++problem_lines_;
    logger_.warn("hardware object problem", {{"hardware", object.key},
                                             {"field", problem.field},
                                             {"impact", backend_file::problemImpactName(problem.impact)},
                                             {"problem", problem.message}});
  }
}

void HardwareCache::checkAmbiguity(const ObjectEntry& entry, const std::string& key) {
  for (const auto& [mac, ip] : entry.keys) {
    const std::size_t mac_owners = index_->macOwners(mac);
    if (mac_owners > 1 && ambiguous_macs_.insert(mac).second) {
      logger_.warn("mac claimed by more than one Hardware object; lookups answer ambiguous",
                   {{"mac", mac.toString()}, {"objects", mac_owners}, {"hardware", key}});
    }
    if (ip && index_->ipOwners(*ip) > 1 && ambiguous_ips_.insert(ip->value()).second) {
      logger_.warn("ip claimed by more than one Hardware object; lookups answer ambiguous",
                   {{"ip", ip->toString()}, {"objects", index_->ipOwners(*ip)}, {"hardware", key}});
    }
  }
}

void HardwareCache::forgetAmbiguity(const ObjectEntry& entry) {
  for (const auto& [mac, ip] : entry.keys) {
    if (index_->macOwners(mac) <= 1) ambiguous_macs_.erase(mac);
    if (ip && index_->ipOwners(*ip) <= 1) ambiguous_ips_.erase(ip->value());
  }
}

std::size_t HardwareCache::replaceAll(std::vector<DecodedObject> objects) {
  // Built beside the live index: lookups keep answering from the old data
  // until the swap.
  auto index = std::make_unique<HardwareIndex>(source_);
  Objects fresh;
  fresh.reserve(objects.size());
  HardwareIndex::Owner owner = next_owner_;
  for (DecodedObject& object : objects) {
    logProblems(object);
    auto existing = fresh.find(object.key);
    if (existing != fresh.end()) {  // a list never repeats a name; be safe anyway
      erase(*index, existing->second);
      fresh.erase(existing);
    }
    std::string key = object.key;
    fresh.emplace(std::move(key), insert(*index, owner++, object));
  }
  std::unique_ptr<HardwareIndex> old_index;
  Objects old_objects;
  {
    std::unique_lock lock(mutex_);
    next_owner_ = owner;
    index_.swap(index);
    objects_.swap(fresh);
    old_index = std::move(index);
    old_objects = std::move(fresh);
    ambiguous_macs_.clear();
    ambiguous_ips_.clear();
    for (const auto& [key, entry] : objects_) checkAmbiguity(entry, key);
  }
  return objects.size();  // the old index is freed here, outside the lock
}

void HardwareCache::upsert(DecodedObject object) {
  logProblems(object);
  std::unique_lock lock(mutex_);
  auto it = objects_.find(object.key);
  if (it != objects_.end()) erase(*index_, it->second);
  ObjectEntry entry = insert(*index_, next_owner_++, object);
  // After the new records are in, so a MAC that stays ambiguous through a
  // MODIFIED is not logged again.
  if (it != objects_.end()) forgetAmbiguity(it->second);
  checkAmbiguity(entry, object.key);
  if (it != objects_.end()) {
    it->second = std::move(entry);
  } else {
    objects_.emplace(object.key, std::move(entry));
  }
}

bool HardwareCache::remove(const std::string& key) {
  std::unique_lock lock(mutex_);
  const auto it = objects_.find(key);
  if (it == objects_.end()) return false;
  erase(*index_, it->second);
  forgetAmbiguity(it->second);
  objects_.erase(it);
  return true;
}

LookupResult HardwareCache::byMac(const MacAddress& mac) const {
  std::shared_lock lock(mutex_);
  return index_->byMac(mac);
}

LookupResult HardwareCache::byIp(Ipv4Address ip) const {
  std::shared_lock lock(mutex_);
  return index_->byIp(ip);
}

std::size_t HardwareCache::objectCount() const {
  std::shared_lock lock(mutex_);
  return objects_.size();
}

std::size_t HardwareCache::recordCount() const {
  std::shared_lock lock(mutex_);
  return index_->recordCount();
}

}  // namespace smee::plugins::backend_kube
