#include "smee/metrics.h"

#include <gtest/gtest.h>

#include "smee/errors.h"
#include "smee/smee_series.h"

namespace smee {
namespace {

TEST(Metrics, SameNameAndLabelsIsTheSameCounter) {
  Metrics metrics;
  auto& a = metrics.counter("smee_reloads_total", "Reloads.", {{"result", "ok"}});
  auto& b = metrics.counter("smee_reloads_total", "Reloads.", {{"result", "ok"}});
  a.inc();
  b.inc(2);
  EXPECT_EQ(&a, &b);
  EXPECT_EQ(a.value(), 3u);
}

TEST(Metrics, RendersPrometheusText) {
  Metrics metrics;
  metrics.counter("smee_reloads_total", "Hardware file reloads.", {{"result", "ok"}}).inc(2);
  metrics.counter("smee_reloads_total", "Hardware file reloads.", {{"result", "error"}}).inc();
  metrics.gauge("smee_records", "Records \"loaded\".").set(7);
  EXPECT_EQ(metrics.renderPrometheus(),
            "# HELP smee_records Records \"loaded\".\n"
            "# TYPE smee_records gauge\n"
            "smee_records 7\n"
            "# HELP smee_reloads_total Hardware file reloads.\n"
            "# TYPE smee_reloads_total counter\n"
            "smee_reloads_total{result=\"error\"} 1\n"
            "smee_reloads_total{result=\"ok\"} 2\n");
}

TEST(Metrics, ANameIsEitherCounterOrGauge) {
  Metrics metrics;
  metrics.counter("x", "x");
  EXPECT_THROW(metrics.gauge("x", "x"), Error);
}

}  // namespace
}  // namespace smee

namespace smee {
namespace {

TEST(MetricsHelp, BackslashAndLineFeedAreEscapedInHelp) {
  Metrics metrics;
  metrics.counter("x_total", "a \\ b\nc \"quoted\"").inc();
  const std::string text = metrics.renderPrometheus();
  EXPECT_NE(text.find("# HELP x_total a \\\\ b\\nc \"quoted\"\n"), std::string::npos) << text;
}

TEST(SmeeSeries, PreCreatedAtZeroAndAJobCountsOnce) {
  Metrics metrics;
  registerSmeeSeries(metrics);
  std::string text = metrics.renderPrometheus();
  EXPECT_NE(text.find("dhcp_total{op=\"recv\",type=\"DHCPDISCOVER\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("jobs_total{from=\"tftp\",op=\"read\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("discover_in_progress{from=\"ip\"} 0\n"), std::string::npos);
  { SmeeJob job(metrics, "http", "file"); }
  text = metrics.renderPrometheus();
  EXPECT_NE(text.find("jobs_total{from=\"http\",op=\"file\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("jobs_in_progress{from=\"http\",op=\"file\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("jobs_duration_seconds_bucket{from=\"http\",op=\"file\",le=\"0.46\"}"),
            std::string::npos)
      << "Smee's last bucket";
  EXPECT_NE(processMetricsText().find("process_open_fds "), std::string::npos);
}

}  // namespace
}  // namespace smee
