#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "file_content.h"
#include "smee/log.h"

namespace smee::backend_file {

struct WatchOptions {
  // Quiet time after the last event before the file is looked at: editors
  // and ConfigMap swaps produce bursts of events for one change.
  std::chrono::milliseconds debounce{100};
  // A continuous stream of events still gets looked at this often.
  std::chrono::milliseconds max_settle{1000};
  // stat() safety net for changes inotify cannot see (NFS, a symlinked
  // directory swapped outside the watched folders, inotify unavailable).
  std::chrono::milliseconds poll_interval{2000};
};

// Calls `on_change` from its own thread when the content behind a path
// changes. It watches the path's directory (and the directory its symlinks
// resolve into), not the file, so in-place writes, editor rename-over-save
// and Kubernetes ConfigMap `..data` symlink swaps are all seen. A change is
// a different (device, inode, size, mtime) AND a different content hash, so
// a touch does not fire it. No thread runs before start().
class FileWatcher {
 public:
  using ChangeCallback = std::function<void()>;

  FileWatcher(std::filesystem::path path, WatchOptions options, ChangeCallback on_change,
              Logger logger);
  ~FileWatcher();
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  // `loaded_hash` is the contentHash() of what the caller last loaded, so a
  // change between that load and start() is not missed. Throws smee::Error
  // when the stop eventfd cannot be made; without inotify it only polls.
  void start(std::optional<std::uint64_t> loaded_hash = std::nullopt);
  // Joins the thread. Safe to call twice and without start().
  void stop() noexcept;

 private:
  void run();
  bool drainEvents();
  bool isRelevant(std::string_view name) const;
  void ensureWatches();
  void checkForChange(bool events_seen);
  void notify();
  void closeDescriptors() noexcept;

  const std::filesystem::path path_;
  const WatchOptions options_;
  const ChangeCallback on_change_;
  const Logger logger_;

  int inotify_fd_ = -1;
  int stop_fd_ = -1;
  // Everything below belongs to the watcher thread once it runs.
  int link_dir_wd_ = -1;    // the folder the configured path is in
  int target_dir_wd_ = -1;  // the folder its symlinks resolve into, if another
  std::filesystem::path link_dir_real_;
  std::filesystem::path target_dir_;
  std::string target_name_;
  FileStamp last_stamp_;
  std::optional<std::uint64_t> last_hash_;  // nullopt: missing or unreadable
  std::thread thread_;
};

}  // namespace smee::backend_file
