// Trusted proxies and X-Forwarded-For with IPv4 and IPv6, as Smee takes
// them (-trusted-proxies "10.0.0.0/8,2001:db8::/32").
#include "forwarded_for.h"

#include <gtest/gtest.h>

#include "smee/errors.h"

namespace smee::http {
namespace {

IpAddress ip(const char* text) {
  const auto parsed = IpAddress::parse(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed.value_or(IpAddress());
}

Ipv4Address v4(const char* text) { return *Ipv4Address::parse(text); }

TEST(IpAddress, ParsesBothFamiliesAndSeesIpv4InsideIpv6) {
  EXPECT_TRUE(ip("192.0.2.1").isIpv4());
  EXPECT_EQ(ip("192.0.2.1").toString(), "192.0.2.1");
  EXPECT_FALSE(ip("::1").isIpv4());
  EXPECT_EQ(ip("::1").toString(), "::1");
  EXPECT_EQ(ip("2001:DB8:0:0:0:0:0:1").toString(), "2001:db8::1");
  // A dual-stack proxy may write an IPv4 client either way.
  EXPECT_TRUE(ip("::ffff:192.0.2.1").isIpv4());
  EXPECT_EQ(ip("::ffff:192.0.2.1"), ip("192.0.2.1"));
  EXPECT_EQ(ip("::ffff:192.0.2.1").ipv4(), v4("192.0.2.1"));
  EXPECT_EQ(ip("2001:db8::1").ipv4(), std::nullopt);
  for (const char* bad : {"", "::g", "1:2:3:4:5:6:7:8:9", "[::1]", "fe80::1%eth0", "192.0.2",
                          "192.0.2.1:8080", "::1 ", "2001:db8::/32"}) {
    EXPECT_FALSE(IpAddress::parse(bad).has_value()) << bad;
  }
}

TEST(IpPrefix, MatchesItsOwnFamilyOnly) {
  const auto doc = *IpPrefix::parse("2001:db8::/32");
  EXPECT_TRUE(doc.contains(ip("2001:db8::1")));
  EXPECT_TRUE(doc.contains(ip("2001:db8:ffff:ffff::")));
  EXPECT_FALSE(doc.contains(ip("2001:db9::1")));
  EXPECT_FALSE(doc.contains(ip("192.0.2.1")));

  const auto loopback = *IpPrefix::parse("::1");  // bare: /128
  EXPECT_EQ(loopback.length, 128);
  EXPECT_TRUE(loopback.contains(ip("::1")));
  EXPECT_FALSE(loopback.contains(ip("::2")));
  EXPECT_FALSE(loopback.contains(ip("127.0.0.1")));

  const auto any6 = *IpPrefix::parse("::/0");
  EXPECT_TRUE(any6.contains(ip("2001:db8::1")));
  EXPECT_FALSE(any6.contains(ip("10.0.0.1")));  // as Go's net.IPNet: not IPv4

  const auto ten = *IpPrefix::parse("10.0.0.0/8");
  EXPECT_TRUE(ten.contains(ip("10.1.2.3")));
  EXPECT_TRUE(ten.contains(ip("::ffff:10.1.2.3")));
  EXPECT_FALSE(ten.contains(ip("::a01:203")));  // IPv4-compatible, not mapped: IPv6

  // An IPv4-mapped network is the IPv4 network, as Go's ParseCIDR reads it.
  const auto mapped = *IpPrefix::parse("::ffff:10.0.0.0/104");
  EXPECT_EQ(mapped.length, 8);
  EXPECT_TRUE(mapped.contains(ip("10.9.9.9")));

  // Host bits are ignored, as Go's ParseCIDR masks them.
  EXPECT_TRUE(IpPrefix::parse("2001:db8::5/32")->contains(ip("2001:db8:1::")));
  EXPECT_TRUE(IpPrefix::parse("fd00::/7")->contains(ip("fc00::1")));
  EXPECT_FALSE(IpPrefix::parse("fd00::/8")->contains(ip("fc00::1")));

  for (const char* bad : {"2001:db8::/129", "10.0.0.0/33", "2001:db8::/", "2001:db8::/-1",
                          "2001:db8::/3x", "2001:db8::/0032", "::ffff:10.0.0.0/95", "/32"}) {
    EXPECT_FALSE(IpPrefix::parse(bad).has_value()) << bad;
  }
}

TEST(TrustedProxies, AcceptsIpv6EntriesBesideIpv4) {
  TrustedProxies proxies({"10.0.0.0/8", " ::1", "2001:db8::/32 ", "192.0.2.9"});
  EXPECT_TRUE(proxies.trusted(ip("::1")));
  EXPECT_TRUE(proxies.trusted(ip("2001:db8:1::7")));
  EXPECT_TRUE(proxies.trusted(v4("10.2.3.4")));
  EXPECT_FALSE(proxies.trusted(ip("2001:db9::7")));
  EXPECT_FALSE(proxies.trusted(v4("127.0.0.1")));
  try {
    const TrustedProxies refused({"2001:db8::/200"});
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "trusted_proxies");
    EXPECT_STREQ(e.what(), "'2001:db8::/200' is not an IPv4 or IPv6 address or CIDR");
  }
}

TEST(TrustedProxies, WalksIpv6HopsFromTheRight) {
  TrustedProxies proxies({"10.0.0.0/8", "2001:db8::/32"});
  // An IPv6 proxy inside the chain is skipped like an IPv4 one.
  EXPECT_EQ(proxies.clientOf(v4("10.1.1.1"), "198.51.100.7, 2001:db8::5"), v4("198.51.100.7"));
  EXPECT_EQ(proxies.clientOf(v4("10.1.1.1"), "198.51.100.7,2001:db8::5, 10.2.2.2"),
            v4("198.51.100.7"));
  // A client written IPv4-mapped is that IPv4 client.
  EXPECT_EQ(proxies.clientOf(v4("10.1.1.1"), "::ffff:198.51.100.8"), v4("198.51.100.8"));
  // An IPv6 client: its own address from clientAddress()...
  EXPECT_EQ(proxies.clientAddress(IpAddress::fromIpv4(v4("10.1.1.1")), "2001:db9::42"),
            ip("2001:db9::42"));
  EXPECT_EQ(proxies.clientAddress(ip("2001:db8::1"), "2001:db9::42, 2001:db8::2"),
            ip("2001:db9::42"));
  // ...and, for IPv4-only callers, no address rather than the proxy's.
  EXPECT_EQ(proxies.clientOf(v4("10.1.1.1"), "2001:db9::42"), Ipv4Address());
  // An untrusted IPv6 peer's header is not believed.
  EXPECT_EQ(proxies.clientAddress(ip("2001:db9::1"), "198.51.100.7"), ip("2001:db9::1"));
  // Junk stops the walk at the last address believed.
  EXPECT_EQ(proxies.clientOf(v4("10.1.1.1"), "[2001:db9::42], 198.51.100.9"), v4("198.51.100.9"));
  EXPECT_EQ(proxies.clientOf(v4("10.1.1.1"), "198.51.100.7, fe80::1%eth0"), v4("10.1.1.1"));
}

}  // namespace
}  // namespace smee::http
