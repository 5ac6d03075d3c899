#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "smee/services/backend.h"

namespace smee::backend_http {

using Clock = std::chrono::steady_clock;

struct CachePolicy {
  std::chrono::milliseconds ttl{60000};           // a found machine is fresh this long
  std::chrono::milliseconds negative_ttl{10000};  // a 404 (or an unusable answer) this long
  std::chrono::milliseconds max_stale{600000};    // a found machine is answered this long at most
  std::size_t capacity = 10000;                   // entries, positive and negative together
};

// How a cached answer may be used.
enum class Freshness {
  Fresh,    // answer it
  Stale,    // answer it, and ask the API again (stale-while-revalidate)
  Missing,  // nothing usable: ask the API
};

struct CacheRead {
  Freshness freshness = Freshness::Missing;
  LookupResult answer;  // set unless Missing
};

// The hardware API's answers by lookup key, bounded by `capacity` with the
// entry used longest ago evicted first. Positive answers (Found) stay usable
// past their TTL, up to max_stale after they were fetched, so an API outage
// does not stop machines that were already known. Negative answers (NotFound,
// Malformed) expire at negative_ttl and are then forgotten.
//
// One mutex: a read is a hash probe and a list splice, shorter than any
// lookup's caller would notice, and lookups come from a few dozen threads at
// most.
class AnswerCache {
 public:
  explicit AnswerCache(CachePolicy policy);

  CacheRead read(const std::string& key, Clock::time_point now);

  // A Found answer; replaces whatever the key had.
  void storeFound(const std::string& key, LookupResult answer, Clock::time_point now);
  // A NotFound answer (the API said 404): replaces a Found one too, the
  // machine is gone.
  void storeNotFound(const std::string& key, LookupResult answer, Clock::time_point now);
  // An answer the API gave but that cannot be used (Malformed). A Found
  // entry still within max_stale is kept instead: a broken answer is treated
  // like an outage, not like a deletion. Returns false when it was kept.
  bool storeUnusable(const std::string& key, LookupResult answer, Clock::time_point now);

  std::size_t size() const;
  std::size_t foundCount() const;  // Found entries, stale ones included
  std::uint64_t evictions() const;

 private:
  struct Entry {
    std::string key;
    LookupResult answer;
    Clock::time_point fresh_until;
    Clock::time_point usable_until;
  };
  using Lru = std::list<Entry>;  // most recently used first

  void put(const std::string& key, LookupResult answer, Clock::time_point fresh_until,
           Clock::time_point usable_until);
  void erase(Lru::iterator it);

  const CachePolicy policy_;
  mutable std::mutex mutex_;
  Lru lru_;
  std::unordered_map<std::string, Lru::iterator> index_;
  std::size_t found_ = 0;
  std::uint64_t evictions_ = 0;
};

}  // namespace smee::backend_http
