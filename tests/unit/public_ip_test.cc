#include "public_ip.h"

#include <gtest/gtest.h>

namespace smee {
namespace {

Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }

NetworkSnapshot sampleHost() {
  NetworkSnapshot s;
  s.interfaces = {"lo", "eth0", "eth1", "wg0"};
  s.addresses = {{"lo", ip("127.0.0.1")},
                 {"wg0", ip("169.254.3.3")},
                 {"eth0", ip("10.0.0.5")},
                 {"eth1", ip("192.0.2.10")},
                 {"eth1", ip("192.0.2.11")}};
  s.default_routes = {{"eth1", ip("192.0.2.1")}};
  return s;
}

TEST(PublicIp, PreferredInterfaceWinsWithAnyIpv4) {
  EXPECT_EQ(detectPublicIpv4(sampleHost(), "wg0"), ip("169.254.3.3"));
}

TEST(PublicIp, MissingPreferredInterfaceFallsBackToDefaultRoute) {
  EXPECT_EQ(detectPublicIpv4(sampleHost(), "nope0"), ip("192.0.2.10"));
  EXPECT_EQ(detectPublicIpv4(sampleHost(), ""), ip("192.0.2.10"));
}

TEST(PublicIp, DefaultRouteInterfaceWithoutIpv4IsSkipped) {
  auto s = sampleHost();
  s.default_routes = {{"tun9", ip("198.51.100.1")}, {"eth1", ip("192.0.2.1")}};
  EXPECT_EQ(detectPublicIpv4(s, ""), ip("192.0.2.10"));
}

TEST(PublicIp, WithoutDefaultRouteFirstGlobalUnicastWins) {
  auto s = sampleHost();
  s.default_routes.clear();
  EXPECT_EQ(detectPublicIpv4(s, ""), ip("10.0.0.5"));
}

TEST(PublicIp, OnlyLoopbackAndLinkLocalMeansNothing) {
  NetworkSnapshot s;
  s.addresses = {{"lo", ip("127.0.0.1")}, {"wg0", ip("169.254.3.3")}};
  EXPECT_FALSE(detectPublicIpv4(s, ""));
}

TEST(PublicIp, ReadsThisHostWithoutFailing) {
  auto s = readNetworkSnapshot();
  EXPECT_FALSE(s.interfaces.empty());
}

}  // namespace
}  // namespace smee
