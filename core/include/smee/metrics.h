#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "smee/export.h"

namespace smee {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class SMEE_API Counter {
 public:
  void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class SMEE_API Gauge {
 public:
  void set(std::int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void add(std::int64_t d) { value_.fetch_add(d, std::memory_order_relaxed); }
  std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// Observations counted into fixed upper bounds (Prometheus histogram).
class SMEE_API Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double value);
  const std::vector<double>& bounds() const { return bounds_; }
  // Cumulative count for each bound, then the total count.
  std::vector<std::uint64_t> cumulativeCounts() const;
  double sum() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // one per bound, plus +Inf
  std::atomic<std::uint64_t> sum_micro_{0};               // sum in millionths
};

// The process-wide metrics registry, owned by the core so counters outlive
// the plugins that bump them. References returned stay valid for the life of
// the registry; asking twice for the same name and labels returns the same
// object. Rendered as Prometheus text by the HTTP plugin.
class SMEE_API Metrics {
 public:
  Counter& counter(const std::string& name, const std::string& help,
                   const MetricLabels& labels = {});
  Gauge& gauge(const std::string& name, const std::string& help, const MetricLabels& labels = {});
  // `bounds` are used when the histogram is first made.
  Histogram& histogram(const std::string& name, const std::string& help,
                       const std::vector<double>& bounds, const MetricLabels& labels = {});
  // Prometheus text exposition format 0.0.4.
  std::string renderPrometheus() const;

 private:
  enum class Kind { Counter, Gauge, Histogram };
  struct Family {
    std::string help;
    Kind kind = Kind::Counter;
    std::map<MetricLabels, std::unique_ptr<Counter>> counters;
    std::map<MetricLabels, std::unique_ptr<Gauge>> gauges;
    std::map<MetricLabels, std::unique_ptr<Histogram>> histograms;
  };
  Family& family(const std::string& name, const std::string& help, Kind kind);
  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
};

}  // namespace smee
