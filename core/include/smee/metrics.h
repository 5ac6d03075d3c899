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

// The process-wide metrics registry, owned by the core so counters outlive
// the plugins that bump them. References returned stay valid for the life of
// the registry; asking twice for the same name and labels returns the same
// object. Rendered as Prometheus text by the HTTP plugin.
class SMEE_API Metrics {
 public:
  Counter& counter(const std::string& name, const std::string& help, const MetricLabels& labels = {});
  Gauge& gauge(const std::string& name, const std::string& help, const MetricLabels& labels = {});
  // Prometheus text exposition format 0.0.4.
  std::string renderPrometheus() const;

 private:
  struct Family {
    std::string help;
    bool is_counter = true;
    std::map<MetricLabels, std::unique_ptr<Counter>> counters;
    std::map<MetricLabels, std::unique_ptr<Gauge>> gauges;
  };
  Family& family(const std::string& name, const std::string& help, bool is_counter);
  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
};

}  // namespace smee
