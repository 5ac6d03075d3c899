#include <gtest/gtest.h>

#include "smee/config_schema.h"
#include "smee/errors.h"

namespace smee {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

// What Go's time.ParseDuration returns for the same text.
std::int64_t goNanos(const char* text) {
  const GoDuration d = parseGoDuration(text);
  EXPECT_TRUE(d.ok) << text << ": " << d.error;
  return d.value.count();
}

std::string goError(const char* text) {
  const GoDuration d = parseGoDuration(text);
  EXPECT_FALSE(d.ok) << text << " parsed as " << d.value.count() << "ns";
  return d.error;
}

TEST(ParseGoDuration, AcceptsGosSyntax) {
  EXPECT_EQ(goNanos("0"), 0);
  EXPECT_EQ(goNanos("-0"), 0);
  EXPECT_EQ(goNanos("+0"), 0);
  EXPECT_EQ(goNanos("0s"), 0);
  EXPECT_EQ(goNanos("1m30s"), 90'000'000'000);
  EXPECT_EQ(goNanos("500ms"), 500'000'000);
  EXPECT_EQ(goNanos("1h"), 3'600'000'000'000);
  EXPECT_EQ(goNanos("2.5s"), 2'500'000'000);
  EXPECT_EQ(goNanos("1us"), 1'000);
  EXPECT_EQ(goNanos("1\u00b5s"), 1'000);  // micro sign
  EXPECT_EQ(goNanos("1\u03bcs"), 1'000);  // Greek mu
  EXPECT_EQ(goNanos("7ns"), 7);
  EXPECT_EQ(goNanos(".5s"), 500'000'000);
  EXPECT_EQ(goNanos("5.s"), 5'000'000'000);
  EXPECT_EQ(goNanos("1h15m30.918273645s"), 4'530'918'273'645);
  EXPECT_EQ(goNanos("1s1s"), 2'000'000'000);  // Go adds repeated units
  EXPECT_EQ(goNanos("-1.5h"), -5'400'000'000'000);
  EXPECT_EQ(goNanos("+5s"), 5'000'000'000);
  EXPECT_EQ(goNanos("0.0000000001s"), 0);  // below a nanosecond, truncated as in Go
  EXPECT_EQ(goNanos("9223372036854775807ns"), INT64_MAX);
  EXPECT_EQ(goNanos("-9223372036854775808ns"), INT64_MIN);
  EXPECT_EQ(goNanos("2562047h"), 2562047LL * 3'600'000'000'000);
}

TEST(ParseGoDuration, RejectsWhatGoRejectsAndSaysWhy) {
  EXPECT_EQ(goError(""), "empty duration");
  EXPECT_EQ(goError("5x"), "unknown unit \"x\" in duration \"5x\" (units: ns, us, ms, s, m, h)");
  EXPECT_EQ(goError("1m30"), "missing unit in duration \"1m30\" (units: ns, us, ms, s, m, h)");
  EXPECT_EQ(goError("5"), "missing unit in duration \"5\" (units: ns, us, ms, s, m, h)");
  EXPECT_EQ(goError("5 s"), "unknown unit \" s\" in duration \"5 s\" (units: ns, us, ms, s, m, h)");
  EXPECT_EQ(goError("5S"), "unknown unit \"S\" in duration \"5S\" (units: ns, us, ms, s, m, h)");
  // Go's unit runs to the next digit or dot, so a sign inside is part of it.
  EXPECT_EQ(goError("1s-2s"),
            "unknown unit \"s-\" in duration \"1s-2s\" (units: ns, us, ms, s, m, h)");
  EXPECT_EQ(goError("1.2.3s"), "missing unit in duration \"1.2.3s\" (units: ns, us, ms, s, m, h)");
  for (const char* invalid : {"-", "+", ".", ".s", "s", "ms", "--1s", " 1s"}) {
    EXPECT_EQ(goError(invalid), "invalid duration \"" + std::string(invalid) + "\"") << invalid;
  }
  for (const char* huge : {"9223372036854775808ns", "2562048h", "99999999999999999999h",
                           "5124095576030431h", "9223372036854775807ns1ns"}) {
    EXPECT_EQ(goError(huge), "invalid duration \"" + std::string(huge) + "\": out of range")
        << huge;
  }
}

TEST(ParseDuration, GoSyntaxInMillisecondsRoundedUp) {
  milliseconds d{};
  std::string error;
  ASSERT_TRUE(parseDuration("1m30s", d, error)) << error;
  EXPECT_EQ(d, milliseconds(90'000));
  ASSERT_TRUE(parseDuration("2.5s", d, error));
  EXPECT_EQ(d, milliseconds(2'500));
  ASSERT_TRUE(parseDuration("0", d, error));
  EXPECT_EQ(d, milliseconds(0));
  // Nothing set to a non-zero value becomes 0 ("off") in milliseconds.
  ASSERT_TRUE(parseDuration("1us", d, error));
  EXPECT_EQ(d, milliseconds(1));
  ASSERT_TRUE(parseDuration("1.000001ms", d, error));
  EXPECT_EQ(d, milliseconds(2));
  ASSERT_TRUE(parseDuration("1ns", d, error));
  EXPECT_EQ(d, milliseconds(1));
  // smeed's shorthand: a bare integer is seconds.
  ASSERT_TRUE(parseDuration("7", d, error));
  EXPECT_EQ(d, milliseconds(7'000));
  ASSERT_TRUE(parseDuration("5s", d));
  EXPECT_EQ(d, milliseconds(5'000));
}

TEST(ParseDuration, RefusesNegativeAndMalformedWithTheReason) {
  milliseconds d{};
  std::string error;
  EXPECT_FALSE(parseDuration("-1s", d, error));
  EXPECT_EQ(error, "duration \"-1s\" must not be negative");
  EXPECT_FALSE(parseDuration("5x", d, error));
  EXPECT_EQ(error, "unknown unit \"x\" in duration \"5x\" (units: ns, us, ms, s, m, h)");
  EXPECT_FALSE(parseDuration("1m30", d, error));
  EXPECT_NE(error.find("missing unit"), std::string::npos) << error;
  EXPECT_FALSE(parseDuration("", d, error));
  EXPECT_EQ(error, "empty duration");
  EXPECT_FALSE(parseDuration("99999999999999999999", d, error));
  EXPECT_NE(error.find("out of range"), std::string::npos) << error;
  for (const char* bad : {"", "s", "-1s", "5x", "5 s", "1m30", "99999999999999999999h"}) {
    EXPECT_FALSE(parseDuration(bad, d)) << bad;
  }
}

TEST(ParseConfigValue, ADurationErrorNamesTheKeyAndTheReason) {
  ConfigKey timeout{.key = "timeout", .type = ConfigType::Duration};
  EXPECT_EQ(std::get<milliseconds>(parseConfigValue(timeout, "1m30s")), milliseconds(90'000));
  try {
    parseConfigValue(timeout, "1m30");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "timeout");
    EXPECT_STREQ(e.what(),
                 "expected a duration such as 1m30s, 500ms, 2.5s or 1h (missing unit in duration "
                 "\"1m30\" (units: ns, us, ms, s, m, h))");
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
