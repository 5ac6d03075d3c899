#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

#include "smee/log.h"

namespace smee::http {

// A warning that a flood would repeat thousands of times a second (refused
// connections, slow clients cut off): written at most once per interval,
// with the number of occurrences it stands for. The counter in /metrics
// has every one.
class RateLimitedWarning {
 public:
  RateLimitedWarning(Logger log, std::string message, std::chrono::seconds interval = std::chrono::seconds(10))
      : log_(std::move(log)), message_(std::move(message)), interval_(interval) {}

  void note(std::string_view reason, std::string_view client);

 private:
  Logger log_;
  const std::string message_;
  const std::chrono::seconds interval_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point last_{};
  std::uint64_t suppressed_ = 0;
};

}  // namespace smee::http
