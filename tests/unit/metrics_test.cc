#include <gtest/gtest.h>

#include "smee/errors.h"
#include "smee/metrics.h"

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
