#include "warning_limiter.h"

namespace smee::backend_http {

void WarningLimiter::note(std::string_view message, std::string_view result, std::string_view key,
                          std::string_view reason) {
  const auto now = std::chrono::steady_clock::now();
  std::uint64_t occurrences = 0;
  {
    std::lock_guard lock(mutex_);
    const std::string window_key = std::string(message) + "\n" + std::string(result);
    auto it = windows_.find(window_key);
    if (it == windows_.end()) it = windows_.emplace(window_key, Window{}).first;
    Window& window = it->second;
    ++window.pending;
    if (window.last != std::chrono::steady_clock::time_point{} && now - window.last < interval_) {
      return;
    }
    window.last = now;
    occurrences = window.pending;
    window.pending = 0;
  }
  log_.warn(message, {{"result", result},
                      {"key", key},
                      {"reason", reason},
                      {"occurrences", occurrences},
                      {"interval_s", static_cast<std::uint64_t>(interval_.count() / 1000)}});
}

}  // namespace smee::backend_http
