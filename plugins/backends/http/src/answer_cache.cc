#include "answer_cache.h"

namespace smee::backend_http {

namespace {

// The plugin's schema refuses 0; a cache of none would evict what it stores.
CachePolicy atLeastOneEntry(CachePolicy policy) {
  if (policy.capacity == 0) policy.capacity = 1;
  return policy;
}

}  // namespace

AnswerCache::AnswerCache(CachePolicy policy) : policy_(atLeastOneEntry(policy)) {}

CacheRead AnswerCache::read(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const auto found = index_.find(key);
  if (found == index_.end()) return {};
  const Lru::iterator it = found->second;
  if (now >= it->usable_until) {
    erase(it);
    return {};
  }
  lru_.splice(lru_.begin(), lru_, it);
  return {now < it->fresh_until ? Freshness::Fresh : Freshness::Stale, it->answer};
}

void AnswerCache::storeFound(const std::string& key, LookupResult answer, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  put(key, std::move(answer), now + policy_.ttl, now + policy_.max_stale);
}

void AnswerCache::storeNotFound(const std::string& key, LookupResult answer,
                                Clock::time_point now) {
  std::lock_guard lock(mutex_);
  put(key, std::move(answer), now + policy_.negative_ttl, now + policy_.negative_ttl);
}

bool AnswerCache::storeUnusable(const std::string& key, LookupResult answer,
                                Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (const auto it = index_.find(key); it != index_.end()) {
    const Entry& entry = *it->second;
    if (entry.answer.found() && now < entry.usable_until) return false;
  }
  put(key, std::move(answer), now + policy_.negative_ttl, now + policy_.negative_ttl);
  return true;
}

void AnswerCache::put(const std::string& key, LookupResult answer, Clock::time_point fresh_until,
                      Clock::time_point usable_until) {
  if (const auto it = index_.find(key); it != index_.end()) erase(it->second);
  while (lru_.size() >= policy_.capacity) {
    erase(std::prev(lru_.end()));
    ++evictions_;
  }
  if (answer.found()) ++found_;
  lru_.push_front(Entry{key, std::move(answer), fresh_until, usable_until});
  index_.emplace(key, lru_.begin());
}

void AnswerCache::erase(Lru::iterator it) {
  if (it->answer.found()) --found_;
  index_.erase(it->key);
  lru_.erase(it);
}

std::size_t AnswerCache::size() const {
  std::lock_guard lock(mutex_);
  return lru_.size();
}

std::size_t AnswerCache::foundCount() const {
  std::lock_guard lock(mutex_);
  return found_;
}

std::uint64_t AnswerCache::evictions() const {
  std::lock_guard lock(mutex_);
  return evictions_;
}

}  // namespace smee::backend_http
