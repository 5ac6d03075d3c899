#include "answer_cache.h"

#include <gtest/gtest.h>

namespace smee::backend_http {
namespace {

using namespace std::chrono_literals;

LookupResult found(const std::string& name) {
  auto record = std::make_shared<HardwareRecord>();
  record->name = name;
  return {LookupStatus::Found, record, ""};
}
LookupResult notFound() { return {LookupStatus::NotFound, nullptr, "404"}; }
LookupResult malformed() { return {LookupStatus::Malformed, nullptr, "bad body"}; }

struct AnswerCacheTest : ::testing::Test {
  CachePolicy policy{.ttl = 60s, .negative_ttl = 10s, .max_stale = 600s, .capacity = 100};
  AnswerCache cache{policy};
  Clock::time_point t0 = Clock::now();
};

TEST_F(AnswerCacheTest, AFoundAnswerIsFreshForItsTtlThenStaleUntilMaxStale) {
  cache.storeFound("mac=a", found("a"), t0);
  EXPECT_EQ(cache.read("mac=a", t0 + 59s).freshness, Freshness::Fresh);
  const CacheRead stale = cache.read("mac=a", t0 + 60s);
  EXPECT_EQ(stale.freshness, Freshness::Stale);
  ASSERT_TRUE(stale.answer.found());
  EXPECT_EQ(stale.answer.record->name, "a");
  EXPECT_EQ(cache.read("mac=a", t0 + 599s).freshness, Freshness::Stale);
  EXPECT_EQ(cache.read("mac=a", t0 + 600s).freshness, Freshness::Missing);
  EXPECT_EQ(cache.size(), 0u) << "an entry past max_stale is let go";
  EXPECT_EQ(cache.foundCount(), 0u);
}

TEST_F(AnswerCacheTest, ANegativeAnswerExpiresAtNegativeTtlAndIsNeverStale) {
  cache.storeNotFound("mac=b", notFound(), t0);
  const CacheRead read = cache.read("mac=b", t0 + 9s);
  EXPECT_EQ(read.freshness, Freshness::Fresh);
  EXPECT_EQ(read.answer.status, LookupStatus::NotFound);
  EXPECT_EQ(cache.read("mac=b", t0 + 10s).freshness, Freshness::Missing);
}

TEST_F(AnswerCacheTest, A404ReplacesAFoundMachine) {
  cache.storeFound("mac=a", found("a"), t0);
  cache.storeNotFound("mac=a", notFound(), t0 + 70s);
  EXPECT_EQ(cache.read("mac=a", t0 + 71s).answer.status, LookupStatus::NotFound);
  EXPECT_EQ(cache.foundCount(), 0u);
}

TEST_F(AnswerCacheTest, AnUnusableAnswerKeepsAFoundMachineWithinMaxStale) {
  cache.storeFound("mac=a", found("a"), t0);
  EXPECT_FALSE(cache.storeUnusable("mac=a", malformed(), t0 + 70s));
  EXPECT_TRUE(cache.read("mac=a", t0 + 71s).answer.found());
  EXPECT_TRUE(cache.storeUnusable("mac=c", malformed(), t0));
  EXPECT_EQ(cache.read("mac=c", t0 + 1s).answer.status, LookupStatus::Malformed);
  // Past max_stale nothing is kept: the broken answer is all there is.
  EXPECT_TRUE(cache.storeUnusable("mac=a", malformed(), t0 + 600s));
  EXPECT_EQ(cache.read("mac=a", t0 + 601s).answer.status, LookupStatus::Malformed);
}

TEST_F(AnswerCacheTest, TheEntryUsedLongestAgoIsEvictedFirst) {
  AnswerCache small(CachePolicy{.ttl = 60s, .negative_ttl = 10s, .max_stale = 600s, .capacity = 2});
  small.storeFound("mac=a", found("a"), t0);
  small.storeFound("mac=b", found("b"), t0);
  EXPECT_EQ(small.read("mac=a", t0).freshness, Freshness::Fresh);  // a is now the newest
  small.storeNotFound("mac=c", notFound(), t0);
  EXPECT_EQ(small.size(), 2u);
  EXPECT_EQ(small.evictions(), 1u);
  EXPECT_EQ(small.read("mac=b", t0).freshness, Freshness::Missing);
  EXPECT_EQ(small.read("mac=a", t0).freshness, Freshness::Fresh);
  EXPECT_EQ(small.read("mac=c", t0).freshness, Freshness::Fresh);
  EXPECT_EQ(small.foundCount(), 1u);
}

TEST_F(AnswerCacheTest, StoringAgainRenewsTheEntry) {
  cache.storeFound("mac=a", found("old"), t0);
  cache.storeFound("mac=a", found("new"), t0 + 500s);
  const CacheRead read = cache.read("mac=a", t0 + 550s);
  EXPECT_EQ(read.freshness, Freshness::Fresh);
  EXPECT_EQ(read.answer.record->name, "new");
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.foundCount(), 1u);
}

}  // namespace
}  // namespace smee::backend_http
