#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

namespace smee::backend_http {

// Stops calling a hardware API that keeps failing: after `failures_to_open`
// failures in a row it opens, and for `cooldown` no request goes out (lookups
// answer from the cache, stale entries included). Then one request, the
// probe, is let through: success closes the breaker, failure opens it for
// another cool-down. `failures_to_open` 0 turns it off.
class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;
  enum class State { Closed, Open, HalfOpen };

  CircuitBreaker(int failures_to_open, std::chrono::milliseconds cooldown);

  // Whether a request may go out now. When the cool-down is over, the first
  // caller gets true and becomes the probe; others get false until it reports.
  bool allow(Clock::time_point now);
  // True while no request would be let through (open, cool-down running, or
  // a probe in flight): lookups need not queue fetches then.
  bool blocking(Clock::time_point now) const;

  // What a report changed, for the one log line per opening and closing.
  struct Change {
    bool opened = false;
    bool closed = false;
    std::uint64_t failures = 0;             // in a row, up to the opening; or during the outage
    std::uint64_t skipped = 0;              // requests not made while open (on closing)
    std::chrono::milliseconds open_for{0};  // on closing
  };
  Change recordSuccess(Clock::time_point now);
  Change recordFailure(Clock::time_point now);

  State state() const;
  std::chrono::milliseconds retryIn(Clock::time_point now) const;

 private:
  const int failures_to_open_;
  const std::chrono::milliseconds cooldown_;
  mutable std::mutex mutex_;
  State state_ = State::Closed;
  std::uint64_t consecutive_ = 0;  // while closed
  std::uint64_t outage_failures_ = 0;
  std::uint64_t skipped_ = 0;
  Clock::time_point opened_at_{};
  Clock::time_point retry_at_{};
};

}  // namespace smee::backend_http
