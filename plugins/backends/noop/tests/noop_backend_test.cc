#include "noop_backend.h"

#include <gtest/gtest.h>

namespace smee::backend_noop {
namespace {

TEST(NoopBackend, EveryLookupIsUnavailableAndNamesTheKey) {
  NoopBackend backend;
  auto by_mac = backend.byMac(*MacAddress::parse("02:00:00:00:00:01"));
  EXPECT_EQ(by_mac.status, LookupStatus::Unavailable);
  EXPECT_EQ(by_mac.record, nullptr);
  EXPECT_NE(by_mac.detail.find("02:00:00:00:00:01"), std::string::npos);
  auto by_ip = backend.byIp(*Ipv4Address::parse("192.0.2.7"));
  EXPECT_EQ(by_ip.status, LookupStatus::Unavailable);
  EXPECT_NE(by_ip.detail.find("192.0.2.7"), std::string::npos);
  EXPECT_TRUE(backend.ready());
}

}  // namespace
}  // namespace smee::backend_noop
