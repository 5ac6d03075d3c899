#include "smee/net/mac_address.h"

#include <gtest/gtest.h>

namespace smee {
namespace {

TEST(MacAddress, ParsesEveryCommonSpelling) {
  for (const char* text : {"aa:bb:cc:dd:ee:0f", "AA:BB:CC:DD:EE:0F", "aa-bb-cc-dd-ee-0f",
                           "aabb.ccdd.ee0f", "AABBCCDDEE0F"}) {
    auto mac = MacAddress::parse(text);
    ASSERT_TRUE(mac) << text;
    EXPECT_EQ(mac->toString(), "aa:bb:cc:dd:ee:0f") << text;
  }
}

TEST(MacAddress, RejectsMalformedText) {
  for (const char* text : {"", "aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:0g", "aa:bb-cc:dd:ee:0f",
                           "aa:bb:cc:dd:ee:0f:", "aabb.ccdd.ee0", "aa::bb:cc:dd:ee:f",
                           "aabbccddee0fff", "::::::::::::::::: ", "aab.bccdd.ee0f"}) {
    EXPECT_FALSE(MacAddress::parse(text)) << text;
  }
}

TEST(MacAddress, FormatsInEveryStyle) {
  auto mac = *MacAddress::parse("01:02:03:0a:0b:0c");
  EXPECT_EQ(mac.toString(MacAddress::Format::Dash), "01-02-03-0a-0b-0c");
  EXPECT_EQ(mac.toString(MacAddress::Format::Dot), "0102.030a.0b0c");
  EXPECT_EQ(mac.toString(MacAddress::Format::NoDelimiter), "0102030a0b0c");
}

}  // namespace
}  // namespace smee
