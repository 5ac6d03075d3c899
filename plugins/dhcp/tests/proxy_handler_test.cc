#include "proxy_handler.h"

#include <gtest/gtest.h>

#include "packet_builder.h"
#include "test_backend.h"

namespace smee::dhcp {
namespace {

using dhcp4::MessageType;
namespace opt = dhcp4::opt;

Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }

class ProxyTest : public testing::Test {
 protected:
  ProxyTest() {
    settings_.ip_for_packet = ip("127.0.0.1");
    settings_.tftp_ip = ip("127.0.0.1");
    settings_.http_binary_host = "127.0.0.1";
    settings_.script_url = "http://127.0.0.1/auto.ipxe";
    settings_.script_prepend_mac = false;
    backend_ = std::make_shared<TestBackend>();
  }
  DhcpDecision handle(const dhcp4::Packet& request, bool automatic = false) {
    return ProxyHandler(backend_, settings_, automatic).handle(request, {});
  }
  BootSettings settings_;
  std::shared_ptr<TestBackend> backend_;
};

// Spec 2.6's worked example (the monorepo's proxy_test.go), byte for byte.
TEST_F(ProxyTest, GoldenOfferAndAckMatchSmee) {
  backend_->add("01:02:03:04:05:06").netboot.allow_pxe = true;
  auto discover = pxeRequest(MessageType::Discover, "01:02:03:04:05:06",
                             "PXEClient:Arch:00000:UNDI:002001", 9, "Tinkerbell");
  auto offer = handle(discover);
  ASSERT_TRUE(offer.reply) << offer.outcome << ": " << offer.detail;
  auto expected =
      replyHeader(discover, "0.0.0.0", "127.0.0.1", "127.0.0.1", "http://127.0.0.1/auto.ipxe");
  auto options = hexBytes(
      "2b 03 060108  35 01 02  36 04 7f000001  3c 09 505845436c69656e74"
      "61 11 000102030405060708090a0b0c0d0e0f10 ff");
  expected.insert(expected.end(), options.begin(), options.end());
  expected.resize(std::max<std::size_t>(expected.size(), 300), 0);
  EXPECT_EQ(offer.reply->encode(), expected);

  auto request =
      pxeRequest(MessageType::Request, "01:02:03:04:05:06", "PXEClient:Arch:00000:UNDI:002001", 9);
  auto ack = handle(request);
  ASSERT_TRUE(ack.reply);
  EXPECT_EQ(ack.reply->options.messageType(), MessageType::Ack);
  EXPECT_EQ(ack.reply->file, "ipxe.efi");
}

TEST_F(ProxyTest, UnknownOrNotAllowedMachinesAreIgnoredButAutoProxyBootsThem) {
  auto request = pxeRequest(MessageType::Discover, "02:00:00:00:00:01", "PXEClient", 7);
  EXPECT_EQ(handle(request).outcome, "not_found");
  backend_->add("02:00:00:00:00:01").netboot.allow_pxe = false;
  EXPECT_EQ(handle(request).outcome, "netboot_not_allowed");
  auto automatic =
      handle(pxeRequest(MessageType::Discover, "02:00:00:00:00:02", "PXEClient", 7), true);
  ASSERT_TRUE(automatic.reply);
  EXPECT_EQ(automatic.reply->file, "ipxe.efi");
  EXPECT_EQ(automatic.reply->yiaddr, Ipv4Address());
}

TEST_F(ProxyTest, AutoProxyWorksWithoutAnyBackend) {
  ProxyHandler handler(nullptr, settings_, true);
  auto d =
      handler.handle(pxeRequest(MessageType::Discover, "02:00:00:00:00:03", "PXEClient", 0), {});
  ASSERT_TRUE(d.reply);
  EXPECT_EQ(d.reply->file, "undionly.kpxe");
}

TEST_F(ProxyTest, HardwareBinaryOverrideIsHonoured) {
  auto& hw = backend_->add("02:00:00:00:00:04");
  hw.netboot.allow_pxe = true;
  hw.netboot.ipxe_binary = "snp-x86_64.efi";
  auto d = handle(pxeRequest(MessageType::Discover, "02:00:00:00:00:04", "PXEClient", 7));
  ASSERT_TRUE(d.reply);
  EXPECT_EQ(d.reply->file, "snp-x86_64.efi");
}

TEST_F(ProxyTest, NonPxeClientsAndOtherMessagesAreIgnored) {
  dhcp4::Packet plain;
  plain.setMac(*MacAddress::parse("02:00:00:00:00:05"));
  plain.options.set(opt::kMessageType, {1});
  EXPECT_EQ(handle(plain, true).outcome, "not_netboot_client");
  auto reply_op = pxeRequest(MessageType::Discover, "02:00:00:00:00:05", "PXEClient", 0);
  reply_op.op = dhcp4::Op::BootReply;
  EXPECT_EQ(handle(reply_op, true).outcome, "not_boot_request");
  EXPECT_EQ(
      handle(pxeRequest(MessageType::Release, "02:00:00:00:00:05", "PXEClient", 0), true).outcome,
      "unsupported_message_type");
  auto bad_guid = pxeRequest(MessageType::Discover, "02:00:00:00:00:05", "PXEClient", 0);
  bad_guid.options.set(opt::kClientGuid, {1, 2, 3});
  auto d = handle(bad_guid, true);
  EXPECT_EQ(d.outcome, "not_netboot_client");
  EXPECT_EQ(d.detail, "option 97 (machine id) is not 17 bytes starting with 0");
  EXPECT_EQ(
      handle(pxeRequest(MessageType::Discover, "02:00:00:00:00:05", "PXEClient", 30), true).outcome,
      "unknown_arch");
}

TEST_F(ProxyTest, MissingGuidIsEchoedEmptyAndHttpClientIsNamed) {
  auto request =
      pxeRequest(MessageType::Discover, "02:00:00:00:00:06", "HTTPClient:Arch:00016", 16);
  request.options.remove(opt::kClientGuid);
  auto d = handle(request, true);
  ASSERT_TRUE(d.reply);
  EXPECT_TRUE(d.reply->options.find(opt::kClientGuid)->empty());
  EXPECT_EQ(d.reply->options.text(opt::kClassId), "HTTPClient");
  EXPECT_EQ(d.reply->file, "http://127.0.0.1:8080/ipxe/02:00:00:00:00:06/ipxe.efi");
  EXPECT_EQ(d.reply->sname, "127.0.0.1");
  EXPECT_EQ(d.reply->options.ipv4(opt::kServerId), ip("127.0.0.1"));
}

}  // namespace
}  // namespace smee::dhcp
