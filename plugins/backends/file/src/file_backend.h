#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "hardware_parser.h"
#include "packed_hardware_index.h"
#include "reload_guard.h"
#include "smee/log.h"
#include "smee/metrics.h"
#include "smee/services/backend.h"

namespace smee::backend_file {

// Why a load happened; it is in the log line.
enum class LoadTrigger {
  Startup,  // configure(): a failure is the caller's ConfigError, not logged here
  Change,   // the watcher saw the file change
  Signal,   // SIGHUP / reload()
};

std::string_view loadTriggerName(LoadTrigger trigger);

struct LoadReport {
  bool ok = false;
  std::string error;  // "<path>:<line>:<column>: <what>", or "<path>: <what>"
  // Set when the document was usable but the reload guard kept the old data;
  // `records` is then what the refused document had.
  ReloadRefusal refusal = ReloadRefusal::None;
  std::size_t records = 0;
  std::size_t malformed = 0;
  std::size_t problems = 0;
};

// The BackendReader over one hardware file. Lookups copy a shared_ptr to the
// current immutable snapshot (a PackedHardwareIndex) under a short lock and
// never touch the disk; a load streams the file into a new snapshot off to
// the side and swaps the pointer, so a file that turns
// invalid, or valid but emptied (see ReloadGuardPolicy), leaves the last good
// snapshot in place.
class FileBackend final : public BackendReader {
 public:
  FileBackend(std::filesystem::path path, Logger logger, Metrics& metrics,
              ReloadGuardPolicy guard = {});

  // "<path>.allow-shrink": while a file of that name exists, a reload the
  // guard would refuse is accepted (a one-time override that needs no
  // restart, and a ConfigMap can carry it as one more key).
  static std::filesystem::path allowShrinkMarker(const std::filesystem::path& path);

  // Reads, parses and, if the document is usable, swaps in the new snapshot.
  // Loads are serialized. Logs the outcome (see LoadTrigger::Startup).
  LoadReport load(LoadTrigger trigger);

  LookupResult byMac(const MacAddress& mac) const override;
  LookupResult byIp(Ipv4Address ip) const override;
  bool ready() const override { return ready_.load(std::memory_order_acquire); }

  // contentHash() of the bytes the last load read, so the watcher can tell
  // whether the file moved on since; nullopt when it could not be read.
  std::optional<std::uint64_t> lastReadHash() const;
  std::shared_ptr<const PackedHardwareIndex> snapshot() const;
  const std::filesystem::path& path() const { return path_; }

 private:
  LoadReport fail(LoadTrigger trigger, std::string error);
  // False when the guard keeps the data in service instead of `records`.
  bool admit(std::size_t records, LoadTrigger trigger, LoadReport& report);
  void logProblems(const ParseOutcome& outcome) const;

  const std::filesystem::path path_;
  const Logger logger_;
  Counter& reloads_ok_;
  Counter& reloads_error_;
  Counter& problems_total_;
  Gauge& records_;
  const ReloadGuardPolicy guard_;
  ReloadGuardMetrics guard_metrics_;
  Counter& reloads_rejected_;

  mutable std::mutex load_mutex_;  // one load at a time: watcher vs SIGHUP
  std::optional<std::uint64_t> last_read_hash_;

  mutable std::mutex snapshot_mutex_;  // held only to copy or swap the pointer
  std::shared_ptr<const PackedHardwareIndex> snapshot_;
  std::atomic<bool> ready_{false};
};

}  // namespace smee::backend_file
