#include "smee/log.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "log_system.h"

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
  const unsigned callLine = __LINE__ - 1;
  log.debug("not shown");
  std::string out = testing::internal::GetCapturedStdout();
  // Smee's source object names the call site: the function, the file cut
  // to its last three parts, and the line of the log call itself.
  EXPECT_NE(
      out.find("\"level\":\"INFO\",\"logger\":\"test.json\",\"source\":{\"function\":\"TestBody\","
               "\"file\":\"tests/unit/log_test.cc\",\"line\":" +
               std::to_string(callLine) + "},"),
      std::string::npos)
      << out;
  EXPECT_NE(
      out.find(
          "},\"msg\":\"hardware file loaded\",\"records\":3,\"path\":\"/etc/hw \\\"x\\\".yaml\"}"),
      std::string::npos)
      << out;
  EXPECT_EQ(out.find("not shown"), std::string::npos);
  EXPECT_EQ(out.rfind("{\"time\":\"", 0), 0u) << out;
}

TEST(Logger, FieldsGatheredAtRunTimeCarryTheirCallSiteToo) {
  LogSystem::configure("info", LogFormat::Json);
  Logger log(LogSystem::logger("test.fields"));
  std::vector<LogField> fields{{"host", "pxe-1"}};
  testing::internal::CaptureStdout();
  log.infoFields("msg", fields);
  const unsigned callLine = __LINE__ - 1;
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(
      out.find("\"file\":\"tests/unit/log_test.cc\",\"line\":" + std::to_string(callLine) + "}"),
      std::string::npos)
      << out;
}

TEST(Logger, TextLinesHaveNoSourceAndNoColour) {
  LogSystem::configure("info", LogFormat::Text);
  Logger log(LogSystem::logger("test.text"));
  testing::internal::CaptureStdout();
  log.warn("two\nlines", {{"value", "a\nb"}});
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(out.find("source"), std::string::npos) << out;
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;  // one line each, for journald
}

TEST(Logger, JsonNumbersAndBooleansAreNotStrings) {
  LogSystem::configure("info", LogFormat::Json);
  Logger log(LogSystem::logger("test.types"));
  testing::internal::CaptureStdout();
  log.info("typed", {{"count", 42},
                     {"negative", -7},
                     {"ok", true},
                     {"ms", 0.25},
                     {"mac", "52:54:00:12:34:56"},
                     {"digits_as_text", std::string("123")}});
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(
      out.find("\"count\":42,\"negative\":-7,\"ok\":true,\"ms\":0.25,\"mac\":\"52:54:00:12:34:56\","
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
