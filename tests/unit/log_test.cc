#include <gtest/gtest.h>

#include "log_system.h"
#include "smee/log.h"

namespace smee {
namespace {

TEST(JsonEscape, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(jsonEscape("a\"b\\c\nd\x01"), "a\\\"b\\\\c\\nd\\u0001");
}

TEST(Logger, WritesJsonLinesWithSmeeKeys) {
  LogSystem::configure("info", LogFormat::Json);
  Logger log(LogSystem::logger("test.json"));
  testing::internal::CaptureStdout();
  log.info("hardware file loaded", {{"records", 3}, {"path", "/etc/hw \"x\".yaml"}});
  log.debug("not shown");
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("\"level\":\"INFO\",\"logger\":\"test.json\",\"msg\":\"hardware file loaded\","
                     "\"records\":3,\"path\":\"/etc/hw \\\"x\\\".yaml\"}"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("not shown"), std::string::npos);
  EXPECT_EQ(out.rfind("{\"time\":\"", 0), 0u) << out;
}

TEST(Logger, JsonNumbersAndBooleansAreNotStrings) {
  LogSystem::configure("info", LogFormat::Json);
  Logger log(LogSystem::logger("test.types"));
  testing::internal::CaptureStdout();
  log.info("typed", {{"count", 42}, {"negative", -7}, {"ok", true}, {"ms", 0.25}, {"mac", "52:54:00:12:34:56"},
                     {"digits_as_text", std::string("123")}});
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("\"count\":42,\"negative\":-7,\"ok\":true,\"ms\":0.25,\"mac\":\"52:54:00:12:34:56\","
                     "\"digits_as_text\":\"123\"}"),
            std::string::npos)
      << out;
}

TEST(Logger, WritesTextLinesWithQuotedValuesAndFollowsLevel) {
  LogSystem::configure("debug", LogFormat::Text);
  Logger log(LogSystem::logger("test.text"));
  testing::internal::CaptureStdout();
  log.debug("lookup", {{"mac", "aa:bb:cc:dd:ee:ff"}, {"why", "not found"}, {"ok", false}});
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("DEBUG test.text: lookup mac=aa:bb:cc:dd:ee:ff why=\"not found\" ok=false"),
            std::string::npos)
      << out;
  LogSystem::configure("info", LogFormat::Text);
  EXPECT_FALSE(log.debugEnabled());
}

}  // namespace
}  // namespace smee
