#include "rate_limited_log.h"

namespace smee::http {

void RateLimitedWarning::note(std::string_view reason, std::string_view client) {
  const auto now = std::chrono::steady_clock::now();
  std::uint64_t count = 0;
  {
    std::lock_guard lock(mutex_);
    auto it = windows_.find(reason);
    if (it == windows_.end()) it = windows_.emplace(std::string(reason), Window{}).first;
    Window& window = it->second;
    ++window.pending;
    if (window.last != std::chrono::steady_clock::time_point{} && now - window.last < interval_)
      return;
    window.last = now;
    count = window.pending;
    window.pending = 0;
  }
  log_.warn(message_, {{"reason", std::string(reason)},
                       {"client", std::string(client)},
                       {"occurrences", count},
                       {"interval_s", static_cast<std::uint64_t>(interval_.count())}});
}

}  // namespace smee::http
