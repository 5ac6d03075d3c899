#include <gtest/gtest.h>

#include "smee/proto/syslog/message.h"

namespace smee::syslog {
namespace {

std::optional<Message> parse(std::string_view text) {
  return parseMessage({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

TEST(SyslogMessage, Rfc5424WithStructuredData) {
  auto m = parse(
      R"(<165>1 2026-11-29T07:00:00.123Z host1 tink-worker 42 ACTION [exampleSDID@32473 iut="3" eventSource="App\"x\]"][b@1 k="v"] hello world)");
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->rfc5424);
  EXPECT_EQ(facilityName(m->facility), "local4");
  EXPECT_EQ(severityName(m->severity), "NOTICE");
  EXPECT_EQ(m->timestamp, "2026-11-29T07:00:00.123Z");
  EXPECT_EQ(m->hostname, "host1");
  EXPECT_EQ(m->app_name, "tink-worker");
  EXPECT_EQ(m->procid, "42");
  EXPECT_EQ(m->msgid, "ACTION");
  ASSERT_EQ(m->structured_data.size(), 2u);
  EXPECT_EQ(m->structured_data[0].id, "exampleSDID@32473");
  EXPECT_EQ(m->structured_data[0].params[1].second, "App\"x]");
  EXPECT_EQ(m->text, "hello world");
}

TEST(SyslogMessage, Rfc5424NilFields) {
  auto m = parse("<14>1 - - - - - - just text\n");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->hostname, "");
  EXPECT_EQ(m->text, "just text");
}

TEST(SyslogMessage, Rfc3164AsSendersWriteIt) {
  auto m = parse("<134>Nov 29 07:00:00 worker-01 hookos[123]: disk wiped");
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->rfc5424);
  EXPECT_EQ(m->hostname, "worker-01");
  EXPECT_EQ(facilityName(m->facility), "local0");
  EXPECT_EQ(severityName(m->severity), "INFO");
  EXPECT_EQ(m->timestamp, "Nov 29 07:00:00");
  EXPECT_EQ(m->app_name, "hookos");
  EXPECT_EQ(m->procid, "123");
  EXPECT_EQ(m->text, "disk wiped");
  auto ipxe = parse("<6>ipxe: Configuring (net0 52:54:00:12:34:56)......");
  ASSERT_TRUE(ipxe);
  EXPECT_EQ(ipxe->app_name, "ipxe");
  auto bare = parse("<6>no tag here");
  EXPECT_EQ(bare->text, "no tag here");
  auto no_host = parse("<6>Nov 29 07:00:00 tag: text");
  EXPECT_EQ(no_host->hostname, "");
  EXPECT_EQ(no_host->app_name, "tag");
}

TEST(SyslogMessage, MalformedDatagramsAreRefusedNotMisread) {
  for (const char* bad :
       {"", "no pri", "<>x", "<1234>x", "<192>x", "<14", "<14>1 2026", "<14>1 - - - - - [bad",
        "<14>1 - - - - - [id k=\"v]", "<14>1 - - - - - [id k=v] x"}) {
    EXPECT_FALSE(parse(bad)) << bad;
  }
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= all.size(); ++n) parse(std::string_view(all).substr(0, n));
}

}  // namespace
}  // namespace smee::syslog
