#include "file_watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>

#include "smee/errors.h"

namespace smee::backend_file {

namespace {

using Clock = std::chrono::steady_clock;

// IN_MOVED_FROM and IN_DELETE matter for ConfigMaps (the old `..data` and
// timestamped folder go away); IN_ATTRIB for chmod making the file readable.
constexpr std::uint32_t kWatchMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |
                                     IN_DELETE | IN_ATTRIB | IN_MODIFY | IN_DELETE_SELF |
                                     IN_MOVE_SELF | IN_ONLYDIR;

std::filesystem::path parentOf(const std::filesystem::path& path) {
  auto parent = path.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

std::filesystem::path canonicalOr(const std::filesystem::path& path,
                                  const std::filesystem::path& fallback) {
  std::error_code ec;
  auto real = std::filesystem::canonical(path, ec);
  return ec ? fallback : real;
}

// poll()'s timeout; a far deadline is capped (the loop just goes round).
int millisecondsUntil(Clock::time_point deadline) {
  const auto now = Clock::now();
  if (deadline <= now) return 0;
  if (deadline - now > std::chrono::minutes(1)) return 60'000;
  return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count());
}

}  // namespace

FileWatcher::FileWatcher(std::filesystem::path path, WatchOptions options, ChangeCallback on_change,
                         Logger logger)
    : path_(std::move(path)),
      options_(options),
      on_change_(std::move(on_change)),
      logger_(std::move(logger)) {}

FileWatcher::~FileWatcher() { stop(); }

void FileWatcher::start(std::optional<std::uint64_t> loaded_hash) {
  if (thread_.joinable()) return;
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (stop_fd_ < 0) {
    throw smee::Error(std::string("cannot create the file watcher's eventfd: ") +
                      std::strerror(errno));
  }
  inotify_fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd_ < 0) {
    logger_.warn("inotify unavailable, hardware file changes are found by polling only",
                 {{"path", path_.string()},
                  {"error", std::strerror(errno)},
                  {"poll_interval_ms", options_.poll_interval.count()}});
  }
  last_stamp_ = stampOf(path_);
  last_hash_ = hashHardwareFile(path_);
  const bool differs_from_loaded = loaded_hash.has_value() && loaded_hash != last_hash_;
  ensureWatches();
  try {
    thread_ = std::thread([this, differs_from_loaded] {
      if (differs_from_loaded) notify();
      run();
    });
  } catch (...) {
    closeDescriptors();
    throw;
  }
}

void FileWatcher::stop() noexcept {
  if (thread_.joinable()) {
    const std::uint64_t one = 1;
    // A failed write could only mean a broken descriptor; join would then
    // hang, so it is worth a log line, but there is nothing else to do.
    if (::write(stop_fd_, &one, sizeof one) != static_cast<ssize_t>(sizeof one)) {
      logger_.error("cannot signal the file watcher to stop", {{"error", std::strerror(errno)}});
    }
    thread_.join();
  }
  closeDescriptors();
}

void FileWatcher::closeDescriptors() noexcept {
  if (inotify_fd_ >= 0) ::close(inotify_fd_);
  if (stop_fd_ >= 0) ::close(stop_fd_);
  inotify_fd_ = -1;
  stop_fd_ = -1;
  link_dir_wd_ = -1;
  target_dir_wd_ = -1;
}

void FileWatcher::run() {
  constexpr auto kNever = Clock::time_point::max();
  auto next_poll = Clock::now() + options_.poll_interval;
  auto settle_at = kNever;  // when a burst of events has gone quiet
  Clock::time_point first_event;
  for (;;) {
    pollfd fds[2] = {{stop_fd_, POLLIN, 0}, {inotify_fd_, POLLIN, 0}};
    const int ready = ::poll(fds, 2, millisecondsUntil(std::min(settle_at, next_poll)));
    if (ready < 0 && errno != EINTR) {
      logger_.error("file watcher poll failed", {{"error", std::strerror(errno)}});
      return;
    }
    if (ready > 0 && fds[0].revents != 0) return;
    if (ready > 0 && (fds[1].revents & POLLIN) != 0 && drainEvents()) {
      const auto now = Clock::now();
      if (settle_at == kNever) first_event = now;
      settle_at = std::min(now + options_.debounce, first_event + options_.max_settle);
    }
    const auto now = Clock::now();
    if (now >= settle_at) {
      settle_at = kNever;
      checkForChange(true);
    }
    if (now >= next_poll) {
      next_poll = now + options_.poll_interval;
      checkForChange(false);
    }
  }
}

bool FileWatcher::drainEvents() {
  bool relevant = false;
  alignas(inotify_event) char buffer[16 * 1024];
  for (;;) {
    const ssize_t n = ::read(inotify_fd_, buffer, sizeof buffer);
    if (n <= 0) break;  // EAGAIN: drained
    for (ssize_t offset = 0; offset < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + offset);
      offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      if ((event->mask & IN_IGNORED) != 0) {
        // The folder went away (ConfigMap's old timestamped folder): the
        // watch is gone and ensureWatches() adds the new one.
        if (event->wd == link_dir_wd_) link_dir_wd_ = -1;
        if (event->wd == target_dir_wd_) target_dir_wd_ = -1;
        relevant = true;
        continue;
      }
      const std::string_view name = event->len > 0 ? std::string_view(event->name) : "";
      if ((event->mask & IN_Q_OVERFLOW) != 0 || isRelevant(name)) relevant = true;
    }
  }
  return relevant;
}

// Events for other files in the folder (say, /etc) are not worth hashing
// the hardware file for; names starting with ".." are ConfigMap plumbing.
bool FileWatcher::isRelevant(std::string_view name) const {
  return name.empty() || name == path_.filename().native() || name == target_name_ ||
         name.starts_with("..");
}

void FileWatcher::ensureWatches() {
  if (inotify_fd_ < 0) return;
  const auto link_dir = parentOf(path_);
  const auto link_dir_real = canonicalOr(link_dir, link_dir);
  if (link_dir_wd_ < 0 || link_dir_real != link_dir_real_) {
    if (link_dir_wd_ >= 0 && link_dir_wd_ != target_dir_wd_) {
      ::inotify_rm_watch(inotify_fd_, link_dir_wd_);
    }
    link_dir_wd_ = ::inotify_add_watch(inotify_fd_, link_dir.c_str(), kWatchMask);
    link_dir_real_ = link_dir_real;
  }
  const auto resolved = canonicalOr(path_, std::filesystem::path());
  const auto target_dir = resolved.empty() ? std::filesystem::path() : resolved.parent_path();
  target_name_ = resolved.filename().native();
  const bool needs_target_watch = !target_dir.empty() && target_dir != link_dir_real_;
  if (!needs_target_watch) {
    if (target_dir_wd_ >= 0 && target_dir_wd_ != link_dir_wd_) {
      ::inotify_rm_watch(inotify_fd_, target_dir_wd_);
    }
    target_dir_wd_ = -1;
    target_dir_.clear();
    return;
  }
  if (target_dir_wd_ < 0 || target_dir != target_dir_) {
    if (target_dir_wd_ >= 0 && target_dir_wd_ != link_dir_wd_) {
      ::inotify_rm_watch(inotify_fd_, target_dir_wd_);
    }
    target_dir_wd_ = ::inotify_add_watch(inotify_fd_, target_dir.c_str(), kWatchMask);
    target_dir_ = target_dir;
  }
}

void FileWatcher::checkForChange(bool events_seen) {
  ensureWatches();
  const FileStamp stamp = stampOf(path_);
  // Without an event, an unchanged stat() is trusted; with one, the content
  // decides, since a write can land within the same mtime tick.
  if (!events_seen && stamp == last_stamp_) return;
  last_stamp_ = stamp;
  const auto hash = hashHardwareFile(path_);
  if (hash == last_hash_) return;
  last_hash_ = hash;
  notify();
}

void FileWatcher::notify() {
  // The thread must survive a failing callback: the next change may work.
  try {
    on_change_();
  } catch (const std::exception& e) {
    logger_.error("hardware file reload failed", {{"path", path_.string()}, {"error", e.what()}});
  } catch (...) {
    logger_.error("hardware file reload failed", {{"path", path_.string()}});
  }
}

}  // namespace smee::backend_file
