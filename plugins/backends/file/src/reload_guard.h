#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "smee/config_schema.h"
#include "smee/metrics.h"

namespace smee::backend_file {

// When a reload may replace the hardware in service. A file truncated by a
// failed deploy, or an API server that answers an empty list after a restore,
// parses fine and would leave every machine without an answer; the guard
// keeps the last good data instead. Shared by the file and the Kubernetes
// backends, which decode the same config keys.
struct ReloadGuardPolicy {
  std::size_t min_records = 1;  // fewer usable records than this is refused (0: off)
  double max_drop_ratio = 0.5;  // losing more than this share is refused (1: off)
  bool allow_shrink = false;    // the operator accepts any reload
};

enum class ReloadRefusal {
  None,
  MinRecords,    // fewer than min_records usable records left
  MaxDropRatio,  // more than max_drop_ratio of the records lost
};

// The metric label and the config key of the rule: "min_records",
// "max_drop_ratio" ("none" for None).
std::string_view reloadRefusalName(ReloadRefusal refusal);

struct ReloadVerdict {
  ReloadRefusal refusal = ReloadRefusal::None;
  std::string limit;  // the rule's configured value, for the log: "1", "0.5"
  bool refused() const { return refusal != ReloadRefusal::None; }
  // "max_drop_ratio=0.5", for error texts.
  std::string ruleText() const;
};

// Judges replacing `before` usable records (what is served now) with `after`,
// ignoring allow_shrink (the caller logs an override). A reload that loses
// nothing is never refused, so an empty start stays reloadable and a
// min_records above the fleet's size only stops shrinking below it.
ReloadVerdict judgeReload(std::size_t before, std::size_t after, const ReloadGuardPolicy& policy);

// Counts refusals and the records served, for one backend ("file", "kube"):
// smee_backend_reload_rejected_total{backend,reason} and
// smee_backend_records{backend}. The counters exist at zero from the start,
// so an alert on them works before the first refusal.
class ReloadGuardMetrics {
 public:
  ReloadGuardMetrics(std::string_view backend, Metrics& metrics);
  void refused(ReloadRefusal refusal);
  void served(std::size_t records);

 private:
  Counter& rejected_min_records_;
  Counter& rejected_max_drop_ratio_;
  Gauge& records_;
};

// The three config rows (min_records, max_drop_ratio, allow_shrink), with
// `allow_shrink_help` saying how this backend's operator overrides once.
ConfigSchema reloadGuardSchema(const std::string& allow_shrink_help);
// Reads them back; throws ConfigError("max_drop_ratio") for a bad ratio.
ReloadGuardPolicy reloadGuardPolicy(const ConfigValues& config);
// "0.5", "1", "0" -> the ratio; nullopt unless a plain number in [0, 1].
std::optional<double> parseRatio(std::string_view text);

}  // namespace smee::backend_file
