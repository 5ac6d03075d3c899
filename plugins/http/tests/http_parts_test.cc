#include <gtest/gtest.h>

#include "byte_range.h"
#include "forwarded_for.h"
#include "request_path.h"
#include "smee/errors.h"

namespace smee::http {
namespace {

TEST(RequestPath, NormalisesWithoutRedirecting) {
  EXPECT_EQ(normalizePath("/ipxe//ipxe.efi"), "/ipxe/ipxe.efi");
  EXPECT_EQ(normalizePath("/ipxe/./ipxe.efi?x=1"), "/ipxe/ipxe.efi");
  EXPECT_EQ(normalizePath("/a/b/../auto.ipxe"), "/a/auto.ipxe");
  EXPECT_EQ(normalizePath("/52%3A54%3A00%3A12%3A34%3A56/auto.ipxe"), "/52:54:00:12:34:56/auto.ipxe");
  EXPECT_EQ(normalizePath(""), "/");
  EXPECT_FALSE(normalizePath("/../etc/passwd"));
  EXPECT_FALSE(normalizePath("/ipxe/%2e%2e/%2e%2e/etc/passwd"));
  EXPECT_FALSE(normalizePath("/a%00b"));
  EXPECT_EQ(normalizePath("/bad%zzescape"), "/bad%zzescape");
}

TEST(ForwardedFor, OnlyTrustedProxiesAreBelieved) {
  auto ip = [](const char* t) { return *Ipv4Address::parse(t); };
  TrustedProxies proxies({"10.0.0.0/8", "192.0.2.9"});
  EXPECT_EQ(proxies.clientOf(ip("10.1.1.1"), "198.51.100.7"), ip("198.51.100.7"));
  EXPECT_EQ(proxies.clientOf(ip("203.0.113.5"), "198.51.100.7"), ip("203.0.113.5"));
  EXPECT_EQ(proxies.clientOf(ip("10.1.1.1"), "198.51.100.7, 192.0.2.9, 10.2.2.2"), ip("198.51.100.7"));
  EXPECT_EQ(proxies.clientOf(ip("10.1.1.1"), "junk, 198.51.100.8"), ip("198.51.100.8"));
  EXPECT_EQ(proxies.clientOf(ip("10.1.1.1"), "junk"), ip("10.1.1.1"));
  EXPECT_EQ(proxies.clientOf(ip("10.1.1.1"), "10.3.3.3, 10.4.4.4"), ip("10.3.3.3"));
  EXPECT_THROW(TrustedProxies({"10.0.0.0/99"}), ConfigError);
}

TEST(ByteRange, SingleRangesAndTheirLimits) {
  ByteRange r;
  EXPECT_EQ(parseRange("bytes=0-99", 1000, r), RangeResult::Satisfiable);
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.last, 99u);
  EXPECT_EQ(parseRange("bytes=900-", 1000, r), RangeResult::Satisfiable);
  EXPECT_EQ(r.last, 999u);
  EXPECT_EQ(parseRange("bytes=-10", 1000, r), RangeResult::Satisfiable);
  EXPECT_EQ(r.first, 990u);
  EXPECT_EQ(parseRange("bytes=990-5000", 1000, r), RangeResult::Satisfiable);
  EXPECT_EQ(r.last, 999u);
  EXPECT_EQ(parseRange("bytes=1000-", 1000, r), RangeResult::Unsatisfiable);
  EXPECT_EQ(parseRange("bytes=5-2", 1000, r), RangeResult::None);
  EXPECT_EQ(parseRange("bytes=0-1,5-6", 1000, r), RangeResult::None);
  EXPECT_EQ(parseRange("items=0-1", 1000, r), RangeResult::None);
  EXPECT_EQ(parseRange("", 1000, r), RangeResult::None);
}

}  // namespace
}  // namespace smee::http
