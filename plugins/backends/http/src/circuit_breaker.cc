#include "circuit_breaker.h"

#include <algorithm>

namespace smee::backend_http {

CircuitBreaker::CircuitBreaker(int failures_to_open, std::chrono::milliseconds cooldown)
    : failures_to_open_(failures_to_open), cooldown_(cooldown) {}

bool CircuitBreaker::allow(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  switch (state_) {
    case State::Closed:
      return true;
    case State::Open:
      if (now >= retry_at_) {
        state_ = State::HalfOpen;
        return true;
      }
      ++skipped_;
      return false;
    case State::HalfOpen:
      ++skipped_;
      return false;
  }
  return false;
}

bool CircuitBreaker::blocking(Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  return state_ == State::HalfOpen || (state_ == State::Open && now < retry_at_);
}

CircuitBreaker::Change CircuitBreaker::recordSuccess(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  Change change;
  // Any answer, the probe's or one sent before the breaker opened, shows
  // the API is back.
  if (state_ != State::Closed) {
    change.closed = true;
    change.failures = outage_failures_;
    change.skipped = skipped_;
    change.open_for = std::chrono::duration_cast<std::chrono::milliseconds>(now - opened_at_);
    state_ = State::Closed;
  }
  consecutive_ = 0;
  return change;
}

CircuitBreaker::Change CircuitBreaker::recordFailure(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  Change change;
  switch (state_) {
    case State::Closed:
      ++consecutive_;
      if (failures_to_open_ > 0 && consecutive_ >= static_cast<std::uint64_t>(failures_to_open_)) {
        state_ = State::Open;
        opened_at_ = now;
        retry_at_ = now + cooldown_;
        outage_failures_ = consecutive_;
        skipped_ = 0;
        change.opened = true;
        change.failures = consecutive_;
      }
      break;
    case State::HalfOpen:  // the probe failed: another cool-down, no new log line
      state_ = State::Open;
      retry_at_ = now + cooldown_;
      ++outage_failures_;
      break;
    case State::Open:  // a request sent before the breaker opened
      ++outage_failures_;
      break;
  }
  return change;
}

CircuitBreaker::State CircuitBreaker::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

std::chrono::milliseconds CircuitBreaker::retryIn(Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  if (state_ != State::Open) return std::chrono::milliseconds(0);
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::duration_cast<std::chrono::milliseconds>(retry_at_ - now));
}

}  // namespace smee::backend_http
