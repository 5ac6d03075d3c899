#include "hardware_answer.h"

#include <gtest/gtest.h>

#include "fake_hardware_api.h"

namespace smee::backend_http {
namespace {

using testing::hardwareObject;

LookupKey mac(const char* text) { return LookupKey::of(*MacAddress::parse(text)); }
LookupKey ip(const char* text) { return LookupKey::of(*Ipv4Address::parse(text)); }

const std::string kTwoInterfaces = hardwareObject(
    "machine1", {{"52:54:00:12:34:56", "192.0.2.20"}, {"52:54:00:12:34:57", "192.0.2.21"}});

TEST(HardwareAnswer, AnswersTheMacAskedAndPrefillsTheObjectsOtherKeys) {
  const HardwareAnswer answer = answerFromBody(mac("52:54:00:12:34:56"), kTwoInterfaces);
  ASSERT_TRUE(answer.usable) << answer.error;
  ASSERT_TRUE(answer.asked.found());
  const HardwareRecord& record = *answer.asked.record;
  EXPECT_EQ(record.dhcp.mac.toString(), "52:54:00:12:34:56");
  EXPECT_EQ(record.dhcp.ip->toString(), "192.0.2.20");
  EXPECT_EQ(record.dhcp.hostname, "machine1");
  EXPECT_EQ(record.dhcp.lease_time, 86400u);
  EXPECT_TRUE(record.netboot.allow_pxe);
  EXPECT_EQ(record.netboot.facility, "onprem");
  EXPECT_EQ(record.name, "machine1");
  EXPECT_EQ(answer.object, "tink-system/machine1");
  std::vector<std::string> others;
  for (const auto& [key, result] : answer.others) {
    EXPECT_TRUE(result.found()) << key.query;
    others.push_back(key.query);
  }
  EXPECT_EQ(others,
            (std::vector<std::string>{"ip=192.0.2.20", "mac=52:54:00:12:34:57", "ip=192.0.2.21"}));
}

TEST(HardwareAnswer, AnswersAnIp) {
  const HardwareAnswer answer = answerFromBody(ip("192.0.2.21"), kTwoInterfaces);
  ASSERT_TRUE(answer.usable) << answer.error;
  ASSERT_TRUE(answer.asked.found());
  EXPECT_EQ(answer.asked.record->dhcp.mac.toString(), "52:54:00:12:34:57");
}

TEST(HardwareAnswer, RefusesAnotherMachine) {
  const HardwareAnswer answer = answerFromBody(mac("52:54:00:00:00:99"), kTwoInterfaces);
  EXPECT_FALSE(answer.usable);
  EXPECT_EQ(answer.error,
            "hardware tink-system/machine1 has no interface with mac=52:54:00:00:00:99");
  EXPECT_TRUE(answer.others.empty()) << "nothing of a wrong answer is kept";
}

TEST(HardwareAnswer, RefusesBrokenJsonWithTheReason) {
  const HardwareAnswer answer = answerFromBody(mac("52:54:00:12:34:56"), R"({"spec": {)");
  EXPECT_FALSE(answer.usable);
  EXPECT_NE(answer.error.find("invalid JSON"), std::string::npos) << answer.error;
  EXPECT_FALSE(answerFromBody(mac("52:54:00:12:34:56"), "[1, 2]").usable);
  EXPECT_FALSE(answerFromBody(mac("52:54:00:12:34:56"), "").usable);
}

TEST(HardwareAnswer, RefusesMembersOfTheWrongType) {
  const HardwareAnswer answer =
      answerFromBody(mac("52:54:00:12:34:56"), R"({"metadata": {"name": 42}, "spec": {}})");
  EXPECT_FALSE(answer.usable);
  EXPECT_EQ(answer.error, "metadata.name: expected a string, found a number");
  const HardwareAnswer interfaces = answerFromBody(
      mac("52:54:00:12:34:56"), R"({"metadata": {"name": "m"}, "spec": {"interfaces": "eth0"}})");
  EXPECT_FALSE(interfaces.usable);
  EXPECT_NE(interfaces.error.find("spec.interfaces"), std::string::npos) << interfaces.error;
}

TEST(HardwareAnswer, AnInterfaceWithABadAddressAnswersMalformed) {
  std::string body = hardwareObject("machine2", {{"52:54:00:12:34:58", "192.0.2.300"}});
  const HardwareAnswer answer = answerFromBody(mac("52:54:00:12:34:58"), body);
  ASSERT_TRUE(answer.usable) << answer.error;
  EXPECT_EQ(answer.asked.status, LookupStatus::Malformed);
  EXPECT_NE(answer.asked.detail.find("tink-system/machine2"), std::string::npos)
      << answer.asked.detail;
}

}  // namespace
}  // namespace smee::backend_http
