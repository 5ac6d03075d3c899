#include "hardware_cache.h"

#include <gtest/gtest.h>

#include "hardware_json.h"
#include "test_support.h"

namespace smee::backend_kube {
namespace {

using testing::hardwareJson;

MacAddress mac(const char* text) { return *MacAddress::parse(text); }
Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }

DecodedObject object(const std::string& name, const std::string& mac_text,
                     const std::string& ip_text, const std::string& ns = "default") {
  std::string error;
  auto decoded = decodeHardware(hardwareJson(name, mac_text, ip_text, "1", ns), error);
  EXPECT_TRUE(decoded) << error;
  return std::move(*decoded);
}

class Cache : public ::testing::Test {
 protected:
  backend_file::testing::CapturedLog log_;
  HardwareCache cache_{"https://127.0.0.1:6443", log_.logger};
};

TEST_F(Cache, AddModifyDeleteChangeLookups) {
  cache_.upsert(object("m1", "52:54:00:00:00:01", "192.0.2.10"));
  LookupResult found = cache_.byMac(mac("52:54:00:00:00:01"));
  ASSERT_TRUE(found.found()) << found.detail;
  EXPECT_EQ(cache_.byIp(ip("192.0.2.10")).record->dhcp.hostname, "m1");

  // MODIFIED moves the address: the old IP no longer answers.
  cache_.upsert(object("m1", "52:54:00:00:00:01", "192.0.2.99"));
  EXPECT_EQ(cache_.byIp(ip("192.0.2.10")).status, LookupStatus::NotFound);
  EXPECT_TRUE(cache_.byIp(ip("192.0.2.99")).found());
  EXPECT_EQ(cache_.objectCount(), 1u);
  EXPECT_EQ(cache_.recordCount(), 1u);

  EXPECT_TRUE(cache_.remove("default/m1"));
  EXPECT_FALSE(cache_.remove("default/m1"));
  EXPECT_EQ(cache_.byMac(mac("52:54:00:00:00:01")).status, LookupStatus::NotFound);
  EXPECT_EQ(cache_.objectCount(), 0u);
  EXPECT_EQ(cache_.recordCount(), 0u);
}

TEST_F(Cache, DuplicateMacAcrossObjectsIsAmbiguousAndLoggedOnce) {
  cache_.upsert(object("a", "52:54:00:00:00:01", "192.0.2.10"));
  cache_.upsert(object("b", "52:54:00:00:00:01", "192.0.2.11", "other"));
  const LookupResult result = cache_.byMac(mac("52:54:00:00:00:01"));
  EXPECT_EQ(result.status, LookupStatus::Ambiguous);
  EXPECT_EQ(result.detail, "2 hardware records for mac 52:54:00:00:00:01");
  cache_.upsert(object("b", "52:54:00:00:00:01", "192.0.2.12", "other"));  // still ambiguous
  EXPECT_EQ(log_.sink->count("mac claimed by more than one Hardware object"), 1u);

  cache_.remove("other/b");
  EXPECT_TRUE(cache_.byMac(mac("52:54:00:00:00:01")).found());
  cache_.upsert(object("c", "52:54:00:00:00:01", "192.0.2.13"));
  EXPECT_EQ(log_.sink->count("mac claimed by more than one Hardware object"), 2u);
}

TEST_F(Cache, ReplaceAllSwapsTheWholeSet) {
  cache_.upsert(object("old", "52:54:00:00:00:09", "192.0.2.9"));
  std::vector<DecodedObject> listed;
  listed.push_back(object("n1", "52:54:00:00:00:01", "192.0.2.1"));
  listed.push_back(object("n2", "52:54:00:00:00:02", "192.0.2.2"));
  listed.push_back(object("dup", "52:54:00:00:00:02", "192.0.2.3"));
  EXPECT_EQ(cache_.replaceAll(std::move(listed)), 3u);
  EXPECT_EQ(cache_.byMac(mac("52:54:00:00:00:09")).status, LookupStatus::NotFound);
  EXPECT_TRUE(cache_.byMac(mac("52:54:00:00:00:01")).found());
  EXPECT_EQ(cache_.byMac(mac("52:54:00:00:00:02")).status, LookupStatus::Ambiguous);
  EXPECT_EQ(log_.sink->count("mac claimed by more than one Hardware object"), 1u);
  // Events after a list keep working on the new set.
  cache_.remove("default/dup");
  EXPECT_TRUE(cache_.byMac(mac("52:54:00:00:00:02")).found());
}

TEST_F(Cache, MalformedInterfaceAnswersWithItsReason) {
  cache_.upsert(object("bad", "52:54:00:00:00:05", "192.0.2.300"));
  const LookupResult result = cache_.byMac(mac("52:54:00:00:00:05"));
  EXPECT_EQ(result.status, LookupStatus::Malformed);
  EXPECT_NE(result.detail.find("default/bad"), std::string::npos) << result.detail;
  EXPECT_NE(result.detail.find("192.0.2.300"), std::string::npos) << result.detail;
  EXPECT_EQ(log_.sink->count("hardware object problem"), 1u);
}

}  // namespace
}  // namespace smee::backend_kube
