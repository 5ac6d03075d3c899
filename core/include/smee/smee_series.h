#pragma once

#include <string>
#include <vector>

#include "smee/export.h"
#include "smee/metrics.h"

namespace smee {

// Smee's own Prometheus series (internal/metric/metric.go), so that a Smee
// operator's dashboards keep working: dhcp_total{op,type},
// discover_{total,in_progress,duration_seconds}{from} and
// jobs_{total,in_progress,duration_seconds}{from,op}, every series Smee
// pre-creates made at zero when smeed starts. Labels follow Tinkerbell's
// later Smee, which dropped dhcp_total's always-"0.0.0.0" giaddr.
// smeed counts what Smee left at zero too (DHCP messages, TFTP reads), and
// keeps its own smee_* series beside these.
SMEE_API void registerSmeeSeries(Metrics& metrics);

// dhcp_total{op="recv"|"send", type="DHCPDISCOVER"...}
SMEE_API Counter& smeeDhcpTotal(Metrics& metrics, const std::string& op, const std::string& type);

// jobs_total{from,op} alone, for jobs whose end is not in one scope (a
// TFTP transfer runs across many datagrams).
SMEE_API Counter& smeeJobsTotal(Metrics& metrics, const std::string& from, const std::string& op);

// The three jobs_* series of one {from, op}, resolved once (a lookup by
// name takes the registry's lock: not something to do per request).
struct SmeeJobSeries {
  Counter& total;
  Gauge& in_progress;
  Histogram& duration;
};
SMEE_API SmeeJobSeries smeeJobSeries(Metrics& metrics, const std::string& from,
                                     const std::string& op);

// One job of Smee's jobs_* series: counted, timed and in progress while
// the object lives (e.g. from "http", op "file" for an auto.ipxe request).
class SMEE_API SmeeJob {
 public:
  explicit SmeeJob(const SmeeJobSeries& series);
  SmeeJob(Metrics& metrics, const std::string& from, const std::string& op)
      : SmeeJob(smeeJobSeries(metrics, from, op)) {}
  ~SmeeJob();
  SmeeJob(const SmeeJob&) = delete;
  SmeeJob& operator=(const SmeeJob&) = delete;

 private:
  Histogram& duration_;
  Gauge& in_progress_;
  double started_;
};

// Buckets of Smee's histograms: prometheus.LinearBuckets(0.01, 0.05, 10).
SMEE_API const std::vector<double>& smeeBuckets();

// process_* series as Prometheus's Go client writes them, read from /proc
// at scrape time: CPU seconds, resident and virtual memory, open and
// maximum file descriptors, start time.
SMEE_API std::string processMetricsText();

}  // namespace smee
