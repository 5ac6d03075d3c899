#include <gtest/gtest.h>

#include "smee/config_schema.h"
#include "smee/errors.h"

namespace smee {
namespace {

TEST(ParseDuration, AcceptsSmeeStyleDurations) {
  std::chrono::milliseconds d{};
  ASSERT_TRUE(parseDuration("5s", d));
  EXPECT_EQ(d.count(), 5000);
  ASSERT_TRUE(parseDuration("250ms", d));
  EXPECT_EQ(d.count(), 250);
  ASSERT_TRUE(parseDuration("2m", d));
  EXPECT_EQ(d.count(), 120000);
  ASSERT_TRUE(parseDuration("1h", d));
  EXPECT_EQ(d.count(), 3600000);
  ASSERT_TRUE(parseDuration("7", d));
  EXPECT_EQ(d.count(), 7000);
  for (const char* bad : {"", "s", "-1s", "5x", "5 s", "1.5s", "99999999999999999999h"}) {
    EXPECT_FALSE(parseDuration(bad, d)) << bad;
  }
}

TEST(ParseBool, AcceptsGoParseBoolSpellingsOnly) {
  bool b = false;
  for (const char* t : {"1", "t", "T", "TRUE", "true", "True"}) {
    ASSERT_TRUE(parseBool(t, b)) << t;
    EXPECT_TRUE(b);
  }
  for (const char* f : {"0", "f", "F", "FALSE", "false", "False"}) {
    ASSERT_TRUE(parseBool(f, b)) << f;
    EXPECT_FALSE(b);
  }
  for (const char* bad : {"", "yes", "no", "tRuE", "2"}) EXPECT_FALSE(parseBool(bad, b)) << bad;
}

TEST(ParseConfigValue, ChecksTypeRangeAndChoices) {
  ConfigKey port{.key = "port", .type = ConfigType::Int, .min = 1, .max = 65535};
  EXPECT_EQ(std::get<std::int64_t>(parseConfigValue(port, "69")), 69);
  EXPECT_THROW(parseConfigValue(port, "0"), ConfigError);
  EXPECT_THROW(parseConfigValue(port, "70000"), ConfigError);
  EXPECT_THROW(parseConfigValue(port, "6x"), ConfigError);

  ConfigKey mode{.key = "mode", .type = ConfigType::Enum, .choices = {"proxy", "reservation"}};
  EXPECT_EQ(std::get<std::string>(parseConfigValue(mode, "proxy")), "proxy");
  try {
    parseConfigValue(mode, "prxy");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "mode");
    EXPECT_STREQ(e.what(), "expected one of proxy, reservation, got 'prxy'");
  }

  ConfigKey ip{.key = "ip", .type = ConfigType::Ipv4};
  EXPECT_EQ(std::get<std::string>(parseConfigValue(ip, "")), "");
  EXPECT_THROW(parseConfigValue(ip, "300.1.1.1"), ConfigError);

  ConfigKey list{.key = "l", .type = ConfigType::StringList};
  auto items = std::get<std::vector<std::string>>(parseConfigValue(list, "a, b,,c "));
  EXPECT_EQ(items, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ConfigValues, ReportsOriginAndRefusesWrongTypeReads) {
  ConfigValues values;
  values.set("path", std::string("/x"), "etc/smee.conf:3:9", true);
  EXPECT_EQ(values.getString("path"), "/x");
  EXPECT_EQ(values.origin("path"), "etc/smee.conf:3:9");
  EXPECT_TRUE(values.isExplicit("path"));
  EXPECT_THROW(values.getBool("path"), ConfigError);
  EXPECT_THROW(values.getString("nope"), ConfigError);
}

}  // namespace
}  // namespace smee
