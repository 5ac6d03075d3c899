#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "smee/log.h"

namespace smee::http {

// A warning that a flood would repeat thousands of times a second (refused
// connections, slow clients cut off): written at most once per interval
// and reason, with the number of occurrences it stands for. The counter in
// /metrics has every one.
class RateLimitedWarning {
 public:
  RateLimitedWarning(Logger log, std::string message,
                     std::chrono::seconds interval = std::chrono::seconds(10))
      : log_(std::move(log)), message_(std::move(message)), interval_(interval) {}

  void note(std::string_view reason, std::string_view client);

 private:
  Logger log_;
  const std::string message_;
  const std::chrono::seconds interval_;
  struct Window {
    std::chrono::steady_clock::time_point last{};
    std::uint64_t pending = 0;
  };
  std::mutex mutex_;
  std::map<std::string, Window, std::less<>> windows_;  // by reason
};

}  // namespace smee::http
