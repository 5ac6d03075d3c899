#include "smee/metrics.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "smee/errors.h"

namespace smee {
namespace {

std::string escapeLabelValue(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// HELP text escapes only backslash and line feed (exposition format 0.0.4).
std::string escapeHelp(const std::string& help) {
  std::string out;
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string labelText(const MetricLabels& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ',';
    out += labels[i].first + "=\"" + escapeLabelValue(labels[i].second) + "\"";
  }
  return out + "}";
}

// Shortest text that reads back as the same double ("0.0005", "1", "2.5").
std::string formatNumber(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  for (int precision = 1; precision <= 17; ++precision) {
    char candidate[32];
    std::snprintf(candidate, sizeof candidate, "%.*g", precision, value);
    if (std::strtod(candidate, nullptr) == value) return candidate;
  }
  return buf;
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {
  std::sort(bounds_.begin(), bounds_.end());
}

void Histogram::observe(double value) {
  std::size_t i = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  if (value > 0) {
    sum_micro_.fetch_add(static_cast<std::uint64_t>(value * 1e6), std::memory_order_relaxed);
  }
}

std::vector<std::uint64_t> Histogram::cumulativeCounts() const {
  std::vector<std::uint64_t> out;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    total += counts_[i].load(std::memory_order_relaxed);
    out.push_back(total);
  }
  return out;
}

double Histogram::sum() const { return static_cast<double>(sum_micro_.load()) / 1e6; }

Metrics::Family& Metrics::family(const std::string& name, const std::string& help, Kind kind) {
  auto [it, inserted] = families_.try_emplace(name);
  if (inserted) {
    it->second.help = help;
    it->second.kind = kind;
  } else if (it->second.kind != kind) {
    throw Error("metric " + name + " is already registered as another type");
  }
  return it->second;
}

Counter& Metrics::counter(const std::string& name, const std::string& help,
                          const MetricLabels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, Kind::Counter).counters[labels];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& Metrics::gauge(const std::string& name, const std::string& help,
                      const MetricLabels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, Kind::Gauge).gauges[labels];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& Metrics::histogram(const std::string& name, const std::string& help,
                              const std::vector<double>& bounds, const MetricLabels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, Kind::Histogram).histograms[labels];
  if (!slot) slot = std::make_unique<Histogram>(bounds);
  return *slot;
}

std::string Metrics::renderPrometheus() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, family] : families_) {
    out += "# HELP " + name + " " + escapeHelp(family.help) + "\n";
    static constexpr const char* kTypes[] = {" counter\n", " gauge\n", " histogram\n"};
    out += "# TYPE " + name + kTypes[static_cast<int>(family.kind)];
    for (const auto& [labels, counter] : family.counters) {
      out += name + labelText(labels) + " " + std::to_string(counter->value()) + "\n";
    }
    for (const auto& [labels, gauge] : family.gauges) {
      out += name + labelText(labels) + " " + std::to_string(gauge->value()) + "\n";
    }
    for (const auto& [labels, histogram] : family.histograms) {
      auto counts = histogram->cumulativeCounts();
      for (std::size_t i = 0; i < counts.size(); ++i) {
        MetricLabels with_le = labels;
        with_le.emplace_back(
            "le", i < histogram->bounds().size() ? formatNumber(histogram->bounds()[i]) : "+Inf");
        out += name + "_bucket" + labelText(with_le) + " " + std::to_string(counts[i]) + "\n";
      }
      out += name + "_sum" + labelText(labels) + " " + formatNumber(histogram->sum()) + "\n";
      out += name + "_count" + labelText(labels) + " " + std::to_string(counts.back()) + "\n";
    }
  }
  return out;
}

}  // namespace smee
