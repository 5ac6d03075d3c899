#include "reload_guard.h"

#include <gtest/gtest.h>

#include "smee/errors.h"
#include "test_support.h"

namespace smee::backend_file {
namespace {

ReloadRefusal verdict(std::size_t before, std::size_t after, ReloadGuardPolicy policy = {}) {
  return judgeReload(before, after, policy).refusal;
}

TEST(ReloadGuard, RefusesEmptyingOrHalvingByDefault) {
  EXPECT_EQ(verdict(120, 0), ReloadRefusal::MinRecords);
  EXPECT_EQ(verdict(1, 0), ReloadRefusal::MinRecords);
  EXPECT_EQ(verdict(120, 59), ReloadRefusal::MaxDropRatio);
  EXPECT_EQ(verdict(3, 1), ReloadRefusal::MaxDropRatio);
  EXPECT_EQ(verdict(120, 60), ReloadRefusal::None);  // exactly half is not more than half
  EXPECT_EQ(verdict(2, 1), ReloadRefusal::None);
  EXPECT_EQ(verdict(120, 119), ReloadRefusal::None);
}

TEST(ReloadGuard, NeverRefusesAReloadThatLosesNothing) {
  EXPECT_EQ(verdict(0, 0), ReloadRefusal::None);  // an empty start reloads empty
  EXPECT_EQ(verdict(0, 5), ReloadRefusal::None);
  EXPECT_EQ(verdict(5, 5), ReloadRefusal::None);
  EXPECT_EQ(verdict(2, 3, {.min_records = 10}), ReloadRefusal::None);  // growing towards it
}

TEST(ReloadGuard, EachRuleCanBeTunedOrTurnedOff) {
  EXPECT_EQ(verdict(10, 4, {.min_records = 5}), ReloadRefusal::MinRecords);
  EXPECT_EQ(verdict(10, 9, {.max_drop_ratio = 0}), ReloadRefusal::MaxDropRatio);
  EXPECT_EQ(verdict(10, 2, {.max_drop_ratio = 0.9}), ReloadRefusal::None);
  EXPECT_EQ(verdict(10, 0, {.min_records = 0, .max_drop_ratio = 1}), ReloadRefusal::None);
  EXPECT_EQ(verdict(10, 0, {.min_records = 0}), ReloadRefusal::MaxDropRatio);
  // allow_shrink is the caller's to honour: the verdict still says what was lost.
  EXPECT_EQ(verdict(10, 0, {.allow_shrink = true}), ReloadRefusal::MinRecords);
}

TEST(ReloadGuard, NamesTheRuleAndItsLimit) {
  const ReloadVerdict v = judgeReload(10, 1, {.min_records = 0, .max_drop_ratio = 0.25});
  EXPECT_EQ(v.limit, "0.25");
  EXPECT_EQ(v.ruleText(), "max_drop_ratio=0.25");
  EXPECT_EQ(judgeReload(10, 0, {}).ruleText(), "min_records=1");
  EXPECT_EQ(reloadRefusalName(ReloadRefusal::MaxDropRatio), "max_drop_ratio");
}

TEST(ReloadGuard, CountsRefusalsPerBackendAndReason) {
  Metrics metrics;
  ReloadGuardMetrics file("file", metrics);
  ReloadGuardMetrics kube("kube", metrics);
  file.refused(ReloadRefusal::MinRecords);
  file.refused(ReloadRefusal::MinRecords);
  kube.refused(ReloadRefusal::MaxDropRatio);
  file.served(42);
  const std::string text = metrics.renderPrometheus();
  EXPECT_NE(
      text.find("smee_backend_reload_rejected_total{backend=\"file\",reason=\"min_records\"} 2"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find("smee_backend_reload_rejected_total{backend=\"file\",reason=\"max_drop_ratio\"} 0"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find("smee_backend_reload_rejected_total{backend=\"kube\",reason=\"max_drop_ratio\"} 1"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("smee_backend_records{backend=\"file\"} 42"), std::string::npos) << text;
  EXPECT_NE(text.find("# TYPE smee_backend_records gauge"), std::string::npos) << text;
}

TEST(ReloadGuard, ParsesARatioFromZeroToOne) {
  EXPECT_EQ(parseRatio("0.5"), 0.5);
  EXPECT_EQ(parseRatio("0"), 0.0);
  EXPECT_EQ(parseRatio("1"), 1.0);
  EXPECT_EQ(parseRatio(".25"), 0.25);
  for (const char* bad : {"", "1.5", "-0.1", "50%", "half", "0.5 ", "nan", "inf", "1e-1"}) {
    EXPECT_FALSE(parseRatio(bad).has_value()) << bad;
  }
}

TEST(ReloadGuard, ReadsItsConfigKeysAndRejectsABadRatio) {
  const ConfigSchema schema = reloadGuardSchema("How to override once.");
  ASSERT_EQ(schema.size(), 3u);
  ConfigValues values;
  for (const ConfigKey& key : schema) {
    values.set(key.key, parseConfigValue(key, key.default_value), "default", false);
  }
  const ReloadGuardPolicy defaults = reloadGuardPolicy(values);
  EXPECT_EQ(defaults.min_records, 1u);
  EXPECT_EQ(defaults.max_drop_ratio, 0.5);
  EXPECT_FALSE(defaults.allow_shrink);
  EXPECT_NE(schema[2].description.find("How to override once."), std::string::npos);

  values.set("max_drop_ratio", std::string("1.5"), "test", true);
  try {
    reloadGuardPolicy(values);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "max_drop_ratio");
    EXPECT_STREQ(e.what(), "expected a number from 0 to 1 (0.5 = half), got '1.5'");
  }
  EXPECT_THROW(parseConfigValue(schema[0], "-1"), ConfigError);  // min_records >= 0
}

}  // namespace
}  // namespace smee::backend_file
