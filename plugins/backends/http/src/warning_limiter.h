#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "smee/log.h"

namespace smee::backend_http {

// Failed or refused answers from the hardware API, logged at most once per
// interval and result with how many it stands for (a firmware retrying, or
// an API answering garbage for every machine, would otherwise write a line
// per lookup). smee_backend_http_requests_total counts every one.
class WarningLimiter {
 public:
  WarningLimiter(Logger log, std::chrono::milliseconds interval = std::chrono::seconds(10))
      : log_(std::move(log)), interval_(interval) {}

  void note(std::string_view message, std::string_view result, std::string_view key,
            std::string_view reason);

 private:
  Logger log_;
  const std::chrono::milliseconds interval_;
  struct Window {
    std::chrono::steady_clock::time_point last{};
    std::uint64_t pending = 0;
  };
  std::mutex mutex_;
  std::map<std::string, Window, std::less<>> windows_;  // by message and result
};

}  // namespace smee::backend_http
