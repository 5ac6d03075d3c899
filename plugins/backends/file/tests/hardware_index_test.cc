#include "hardware_index.h"

#include <gtest/gtest.h>

#include "example_documents.h"
#include "hardware_parser.h"

namespace smee::backend_file {
namespace {

MacAddress mac(const char* text) { return *MacAddress::parse(text); }
Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }

HardwareIndex indexOf(const char* document) {
  ParseOutcome outcome = parseHardwareDocument(document);
  EXPECT_TRUE(outcome.ok());
  return HardwareIndex(std::move(outcome.records), outcome.malformed, "hardware.yaml");
}

TEST(HardwareIndex, FindsByMacWrittenInAnyForm) {
  const HardwareIndex index = indexOf(testing::kSmeeExample);
  for (const char* written :
       {"08:00:27:29:4e:67", "08:00:27:29:4E:67", "08-00-27-29-4E-67", "0800.2729.4e67"}) {
    const LookupResult result = index.byMac(mac(written));
    ASSERT_EQ(result.status, LookupStatus::Found) << written << ": " << result.detail;
    ASSERT_NE(result.record, nullptr);
    EXPECT_EQ(result.record->dhcp.hostname, "pxe-virtualbox");
  }
}

TEST(HardwareIndex, FindsByIp) {
  const HardwareIndex index = indexOf(testing::kSmeeExample);
  const LookupResult result = index.byIp(ip("192.168.2.15"));
  ASSERT_TRUE(result.found()) << result.detail;
  EXPECT_EQ(result.record->dhcp.mac, mac("52:54:00:aa:88:2a"));
  EXPECT_EQ(index.recordCount(), 2u);
  EXPECT_EQ(index.malformedCount(), 1u);
}

TEST(HardwareIndex, AnswersNotFoundForUnknownMacAndIp) {
  const HardwareIndex index = indexOf(testing::kSmeeExample);
  const LookupResult by_mac = index.byMac(mac("00:00:5e:00:53:01"));
  EXPECT_EQ(by_mac.status, LookupStatus::NotFound);
  EXPECT_EQ(by_mac.record, nullptr);
  EXPECT_EQ(by_mac.detail, "no hardware record for mac 00:00:5e:00:53:01");
  EXPECT_EQ(index.byIp(ip("192.0.2.99")).status, LookupStatus::NotFound);
}

TEST(HardwareIndex, AnswersMalformedWithTheReasonForABrokenRecord) {
  const HardwareIndex index = indexOf(testing::kSmeeExample);
  const LookupResult result = index.byMac(mac("08:00:27:29:4e:68"));
  EXPECT_EQ(result.status, LookupStatus::Malformed);
  EXPECT_EQ(result.record, nullptr);
  EXPECT_EQ(result.detail,
            "hardware record for mac 08:00:27:29:4e:68 (hardware.yaml:48:1) cannot be used: "
            "ipAddress: \"3\" is not an IPv4 address");
}

TEST(HardwareIndex, AnswersMalformedByIpWhenOnlyTheMaskIsBad) {
  const HardwareIndex index = indexOf(R"(
"aa:bb:cc:dd:ee:01": {ipAddress: 192.0.2.10, subnetMask: 255.0.255.0}
)");
  EXPECT_EQ(index.byIp(ip("192.0.2.10")).status, LookupStatus::Malformed);
}

TEST(HardwareIndex, AnswersAmbiguousForADuplicatedMacOrIp) {
  const HardwareIndex index = indexOf(R"(
"aa:bb:cc:dd:ee:01": {ipAddress: 192.0.2.10, subnetMask: 255.255.255.0}
"AA:BB:CC:DD:EE:01": {ipAddress: 192.0.2.11, subnetMask: 255.255.255.0}
"aa:bb:cc:dd:ee:02": {ipAddress: 192.0.2.12, subnetMask: 255.255.255.0}
"aa:bb:cc:dd:ee:03": {ipAddress: 192.0.2.12, subnetMask: 255.255.255.0}
)");
  const LookupResult by_mac = index.byMac(mac("aa:bb:cc:dd:ee:01"));
  EXPECT_EQ(by_mac.status, LookupStatus::Ambiguous);
  EXPECT_EQ(by_mac.record, nullptr);
  EXPECT_EQ(by_mac.detail, "2 hardware records for mac aa:bb:cc:dd:ee:01");
  const LookupResult by_ip = index.byIp(ip("192.0.2.12"));
  EXPECT_EQ(by_ip.status, LookupStatus::Ambiguous);
  EXPECT_EQ(by_ip.detail, "2 hardware records for ip 192.0.2.12");
  EXPECT_TRUE(index.byIp(ip("192.0.2.10")).found());
  EXPECT_TRUE(index.byMac(mac("aa:bb:cc:dd:ee:02")).found());
}

TEST(HardwareIndex, AMalformedDuplicateStillMakesTheMacAmbiguous) {
  const HardwareIndex index = indexOf(R"(
"aa:bb:cc:dd:ee:01": {ipAddress: 192.0.2.10, subnetMask: 255.255.255.0}
"aa-bb-cc-dd-ee-01": {ipAddress: nope, subnetMask: 255.255.255.0}
)");
  EXPECT_EQ(index.byMac(mac("aa:bb:cc:dd:ee:01")).status, LookupStatus::Ambiguous);
}

TEST(HardwareIndex, FindsHardwareObjectInterfacesByMacAndIp) {
  const HardwareIndex index = indexOf(testing::kHardwareExample);
  const LookupResult result = index.byIp(ip("192.168.2.18"));
  ASSERT_TRUE(result.found()) << result.detail;
  EXPECT_EQ(result.record->dhcp.mac, mac("de:ad:c0:de:ca:ff"));
  EXPECT_TRUE(index.byMac(mac("DE:AD:C0:DE:CA:FE")).found());
}

}  // namespace
}  // namespace smee::backend_file
