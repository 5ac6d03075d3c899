#include "smee/net/ipv4.h"

#include <gtest/gtest.h>

namespace smee {
namespace {

TEST(Ipv4Address, ParsesDottedQuadsOnly) {
  EXPECT_EQ(Ipv4Address::parse("192.0.2.1")->value(), 0xc0000201u);
  EXPECT_EQ(Ipv4Address::parse("0.0.0.0")->value(), 0u);
  EXPECT_EQ(Ipv4Address::parse("255.255.255.255")->toString(), "255.255.255.255");
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4 ", "01.2.3.4", "1..2.3",
                          "-1.2.3.4", "a.b.c.d", "1.2.3.4/24", "3"}) {
    EXPECT_FALSE(Ipv4Address::parse(bad)) << bad;
  }
}

TEST(Ipv4Prefix, ParsesCidrAndBareAddresses) {
  auto p = Ipv4Prefix::parse("10.1.2.3/8");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->toString(), "10.0.0.0/8");
  EXPECT_TRUE(p->contains(*Ipv4Address::parse("10.200.0.1")));
  EXPECT_FALSE(p->contains(*Ipv4Address::parse("11.0.0.1")));
  EXPECT_EQ(Ipv4Prefix::parse("192.0.2.9")->length, 32);
  EXPECT_TRUE(Ipv4Prefix::parse("0.0.0.0/0")->contains(*Ipv4Address::parse("203.0.113.1")));
  for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/a", "10.0.0/8", "10.0.0.0/8/8"}) {
    EXPECT_FALSE(Ipv4Prefix::parse(bad)) << bad;
  }
}

TEST(Netmask, OnlyContiguousMasksHaveAPrefixLength) {
  EXPECT_EQ(netmaskPrefixLength(*Ipv4Address::parse("255.255.255.0")), 24);
  EXPECT_EQ(netmaskPrefixLength(*Ipv4Address::parse("0.0.0.0")), 0);
  EXPECT_EQ(netmaskPrefixLength(*Ipv4Address::parse("255.255.255.255")), 32);
  EXPECT_FALSE(netmaskPrefixLength(*Ipv4Address::parse("255.0.255.0")));
}

}  // namespace
}  // namespace smee
