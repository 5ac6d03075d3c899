#include "circuit_breaker.h"

#include <gtest/gtest.h>

namespace smee::backend_http {
namespace {

using namespace std::chrono_literals;
using State = CircuitBreaker::State;

struct CircuitBreakerTest : ::testing::Test {
  CircuitBreaker breaker{3, 30s};
  CircuitBreaker::Clock::time_point t0 = CircuitBreaker::Clock::now();
};

TEST_F(CircuitBreakerTest, OpensAfterTheConfiguredFailuresInARow) {
  EXPECT_FALSE(breaker.recordFailure(t0).opened);
  EXPECT_FALSE(breaker.recordFailure(t0).opened);
  breaker.recordSuccess(t0);  // the run is broken
  EXPECT_FALSE(breaker.recordFailure(t0).opened);
  EXPECT_FALSE(breaker.recordFailure(t0).opened);
  const auto change = breaker.recordFailure(t0);
  EXPECT_TRUE(change.opened);
  EXPECT_EQ(change.failures, 3u);
  EXPECT_EQ(breaker.state(), State::Open);
  EXPECT_TRUE(breaker.blocking(t0 + 29s));
  EXPECT_FALSE(breaker.allow(t0 + 29s));
  EXPECT_EQ(breaker.retryIn(t0 + 20s), 10s);
}

TEST_F(CircuitBreakerTest, LetsOneProbeThroughAfterTheCooldown) {
  for (int i = 0; i < 3; ++i) breaker.recordFailure(t0);
  EXPECT_FALSE(breaker.blocking(t0 + 30s));
  EXPECT_TRUE(breaker.allow(t0 + 30s));
  EXPECT_EQ(breaker.state(), State::HalfOpen);
  EXPECT_FALSE(breaker.allow(t0 + 30s)) << "a second request while the probe is out";
  EXPECT_TRUE(breaker.blocking(t0 + 30s));
}

TEST_F(CircuitBreakerTest, AFailedProbeOpensItAgainWithoutAnotherOpening) {
  for (int i = 0; i < 3; ++i) breaker.recordFailure(t0);
  ASSERT_TRUE(breaker.allow(t0 + 30s));
  const auto change = breaker.recordFailure(t0 + 31s);
  EXPECT_FALSE(change.opened) << "one log line per outage, not per probe";
  EXPECT_EQ(breaker.state(), State::Open);
  EXPECT_FALSE(breaker.allow(t0 + 60s));
  EXPECT_TRUE(breaker.allow(t0 + 61s));
}

TEST_F(CircuitBreakerTest, ASuccessfulProbeClosesItWithTheOutagesCounts) {
  for (int i = 0; i < 3; ++i) breaker.recordFailure(t0);
  EXPECT_FALSE(breaker.allow(t0 + 1s));
  EXPECT_FALSE(breaker.allow(t0 + 2s));
  ASSERT_TRUE(breaker.allow(t0 + 30s));
  breaker.recordFailure(t0 + 30s);
  ASSERT_TRUE(breaker.allow(t0 + 60s));
  const auto change = breaker.recordSuccess(t0 + 61s);
  EXPECT_TRUE(change.closed);
  EXPECT_EQ(change.failures, 4u);
  EXPECT_EQ(change.skipped, 2u);
  EXPECT_EQ(change.open_for, 61s);
  EXPECT_EQ(breaker.state(), State::Closed);
  EXPECT_TRUE(breaker.allow(t0 + 61s));
  EXPECT_FALSE(breaker.recordSuccess(t0 + 62s).closed) << "closing is reported once";
}

TEST(CircuitBreakerOff, ZeroFailuresNeverOpens) {
  CircuitBreaker breaker(0, 30s);
  const auto now = CircuitBreaker::Clock::now();
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(breaker.recordFailure(now).opened);
  EXPECT_TRUE(breaker.allow(now));
}

}  // namespace
}  // namespace smee::backend_http
