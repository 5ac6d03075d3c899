#include <gtest/gtest.h>

#include "journey_service.h"
#include "smee/metrics.h"

namespace smee::journey {
namespace {

const WallClock::time_point kT0 =
    WallClock::time_point(std::chrono::seconds(1'800'000'000));  // 2027-01-15T08:00:00Z

class JourneyPages : public ::testing::Test {
 protected:
  Metrics metrics;
  Counter& events = metrics.counter("events", "e");
  Counter& unmatched = metrics.counter("unmatched", "u");
  WallClock::time_point now = kT0;
  JourneyService service{{}, std::chrono::seconds(60), events, unmatched, [this] { return now; }};
  MacAddress mac = *MacAddress::parse("52:54:00:12:34:56");
};

TEST_F(JourneyPages, MachineJsonIsTheTimelineInOrder) {
  service.record(mac, {JourneyStage::Dhcp, JourneyOutcome::Ok, "DISCOVER", "arch 0, PXEClient"});
  now += std::chrono::milliseconds(250);
  service.learnAddress(mac, *Ipv4Address::parse("192.0.2.100"));
  service.record(
      mac, {JourneyStage::Dhcp, JourneyOutcome::Ok, "OFFER", "192.0.2.100 \"undionly.kpxe\""});
  auto page = service.page("/journey/52-54-00-12-34-56.json");  // any MAC spelling
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->content_type, "application/json");
  EXPECT_EQ(page->body,
            "{\"now\":\"2027-01-15T08:00:00.250Z\",\"mac\":\"52:54:00:12:34:56\",\"address\":\"192."
            "0.2.100\","
            "\"state\":\"booting\",\"events_recorded\":2,\"events\":["
            "{\"time\":\"2027-01-15T08:00:00.000Z\",\"stage\":\"DHCP\",\"step\":\"DISCOVER\","
            "\"detail\":\"arch 0, PXEClient\",\"ok\":true},"
            "{\"time\":\"2027-01-15T08:00:00.250Z\",\"stage\":\"DHCP\",\"step\":\"OFFER\","
            "\"detail\":\"192.0.2.100 \\\"undionly.kpxe\\\"\",\"ok\":true}]}\n");
  EXPECT_EQ(events.value(), 2u);
}

TEST_F(JourneyPages, ListJsonCountsStepsNoMachineClaimed) {
  service.record(mac, {JourneyStage::Http, JourneyOutcome::Ok, "auto.ipxe", "hook script"});
  service.recordByAddress(*Ipv4Address::parse("192.0.2.77"),
                          {JourneyStage::Syslog, JourneyOutcome::Ok, "m", ""});
  auto page = service.page("/journey.json");
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find(
                "\"machines\":[{\"mac\":\"52:54:00:12:34:56\",\"address\":null,\"state\":\"script "
                "served\",\"events_recorded\":1,\"last\":{"),
            std::string::npos)
      << page->body;
  EXPECT_NE(page->body.find("\"unmatched_events\":1,"), std::string::npos) << page->body;
  EXPECT_EQ(unmatched.value(), 1u);
}

TEST_F(JourneyPages, HtmlPagesEscapeWhatMachinesSend) {
  const auto ip = *Ipv4Address::parse("192.0.2.100");
  service.learnAddress(mac, ip);
  service.recordByAddress(
      ip, {JourneyStage::Syslog, JourneyOutcome::Ok, "message", "<script>alert(1)</script>"});
  auto page = service.page("/journey/52:54:00:12:34:56");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(page->body.find("<script>alert"), std::string::npos);
  EXPECT_NE(page->body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page->body.find(">OS up</span>"), std::string::npos);
  EXPECT_EQ(page->body.find("src=\"http"), std::string::npos);  // no external assets
  auto list = service.page("/journey");
  ASSERT_TRUE(list);
  EXPECT_NE(list->body.find("<a href=\"/journey/52:54:00:12:34:56\">52:54:00:12:34:56</a>"),
            std::string::npos);
}

TEST_F(JourneyPages, UnknownMachinesAndOtherPathsAreSaidSo) {
  auto page = service.page("/journey/52:54:00:00:00:01");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404);
  EXPECT_NE(page->body.find("no journey for 52:54:00:00:00:01"), std::string::npos);
  page = service.page("/journey/not-a-mac.json");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404);
  EXPECT_NE(page->body.find("not a MAC address: not-a-mac"), std::string::npos);
  EXPECT_FALSE(service.page("/journeys"));
  EXPECT_FALSE(service.page("/auto.ipxe"));
}

}  // namespace
}  // namespace smee::journey
