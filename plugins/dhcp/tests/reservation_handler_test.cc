#include "reservation_handler.h"

#include <gtest/gtest.h>

#include "packet_builder.h"
#include "reply.h"
#include "test_backend.h"

namespace smee::dhcp {
namespace {

using dhcp4::MessageType;
namespace opt = dhcp4::opt;

Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }

class ReservationTest : public testing::Test {
 protected:
  ReservationTest() {
    settings_.ip_for_packet = ip("127.0.0.1");
    settings_.tftp_ip = ip("192.0.2.5");
    settings_.http_binary_host = "192.0.2.5";
    settings_.script_url = "http://192.0.2.5:8080/auto.ipxe";
    backend_ = std::make_shared<TestBackend>();
  }
  DhcpDecision handle(const dhcp4::Packet& request) {
    ReservationHandler handler(backend_, settings_);
    return handler.handle(request, {});
  }
  HardwareRecord& machine(const char* mac = "52:54:00:12:34:56") {
    auto& r = backend_->add(mac);
    r.dhcp.ip = ip("192.0.2.100");
    r.dhcp.subnet_mask = ip("255.255.255.0");
    r.netboot.allow_pxe = true;
    return r;
  }
  BootSettings settings_;
  std::shared_ptr<TestBackend> backend_;
};

// Spec 2.5's worked example, from Smee's handler_test.go, byte for byte.
TEST_F(ReservationTest, GoldenOfferAndAckMatchSmee) {
  BootSettings golden;
  golden.ip_for_packet = ip("127.0.0.1");
  settings_ = golden;
  addGoldenRecord(*backend_, "01:02:03:04:05:06");
  for (auto [type, reply_type] : {std::pair{MessageType::Discover, 2}, {MessageType::Request, 5}}) {
    auto request = pxeRequest(type, "01:02:03:04:05:06", "HTTPClient:Arch:xxxxx:UNDI:yyyzzz", 16,
                              "Tinkerbell");
    auto decision = handle(request);
    ASSERT_TRUE(decision.reply) << decision.outcome << ": " << decision.detail;
    auto expected =
        replyHeader(request, "192.168.1.100", "0.0.0.0", "", "http://localhost:8181/auto.ipxe");
    auto options = hexBytes(
        "01 04 ffffff00  03 04 c0a80101  06 04 01010101"
        "0c 09 746573742d686f7374"        // test-host
        "0f 0c 6d79646f6d61696e2e636f6d"  // mydomain.com
        "1c 04 c0a801ff  2a 04 84a36002"
        "2b 1f 060108 451a" +
        std::string(52, '0') +  // 43: 6=8, 69=26 zero bytes
        "33 04 0000003c  35 01 0" + std::to_string(reply_type) +
        "36 04 7f000001"
        "3c 0a 48545450436c69656e74"          // HTTPClient
        "77 0e 086d79646f6d61696e03636f6d00"  // 119: mydomain.com
        "ff");
    expected.insert(expected.end(), options.begin(), options.end());
    EXPECT_EQ(decision.reply->encode(), expected) << "message type " << reply_type;
  }
}

TEST_F(ReservationTest, UnknownMachineGetsNoReply) {
  auto d = handle(pxeRequest(MessageType::Discover, "02:00:00:00:00:09", "PXEClient", 0));
  EXPECT_FALSE(d.reply);
  EXPECT_EQ(d.outcome, "not_found");
  backend_->failure = LookupStatus::Ambiguous;
  EXPECT_EQ(handle(pxeRequest(MessageType::Discover, "02:00:00:00:00:09", "PXEClient", 0)).outcome,
            "ambiguous_hardware");
}

TEST_F(ReservationTest, DisabledHardwareGetsNoReply) {
  machine().dhcp.disabled = true;
  auto d = handle(pxeRequest(MessageType::Discover, "52:54:00:12:34:56", "PXEClient", 0));
  EXPECT_FALSE(d.reply);
  EXPECT_EQ(d.outcome, "dhcp_disabled");
}

TEST_F(ReservationTest, BiosFirmwareGetsUndionlyFromTftp) {
  machine();
  auto d = handle(pxeRequest(MessageType::Discover, "52:54:00:12:34:56",
                             "PXEClient:Arch:00000:UNDI:002001", 0));
  ASSERT_TRUE(d.reply);
  EXPECT_EQ(d.outcome, "offer");
  EXPECT_EQ(d.reply->file, "undionly.kpxe");
  EXPECT_EQ(d.reply->siaddr, ip("192.0.2.5"));
  EXPECT_EQ(d.reply->yiaddr, ip("192.0.2.100"));
  EXPECT_EQ(*d.reply->options.find(opt::kVendorSpecific),
            hexBytes("060108 451a" + std::string(52, '0')));
  EXPECT_FALSE(d.reply->options.has(opt::kUserClass));
}

// With tracing on, the packet's span context goes to the machine twice
// (spec 2.3, 2.5): as sub-option 69 and as a suffix on the binary name.
TEST_F(ReservationTest, TracedRequestCarriesItsContextInOption43AndTheFileName) {
  machine();
  DhcpRequestContext context;
  context.trace = parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  ReservationHandler handler(backend_, settings_);
  auto d = handler.handle(
      pxeRequest(MessageType::Discover, "52:54:00:12:34:56", "PXEClient:Arch:00000:UNDI:002001", 0),
      context);
  ASSERT_TRUE(d.reply);
  EXPECT_EQ(d.reply->file, "undionly.kpxe-00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  EXPECT_EQ(*d.reply->options.find(opt::kVendorSpecific),
            hexBytes("060108 451a 00 4bf92f3577b34da6a3ce929d0e0e4736 00f067aa0ba902b7 01"));
}

TEST_F(ReservationTest, UefiFirmwareGetsIpxeEfi) {
  machine();
  auto d = handle(pxeRequest(MessageType::Discover, "52:54:00:12:34:56",
                             "PXEClient:Arch:00007:UNDI:003000", 7));
  ASSERT_TRUE(d.reply);
  EXPECT_EQ(d.reply->file, "ipxe.efi");
}

TEST_F(ReservationTest, StockIpxeGetsTheScriptUrlNotAChainLoop) {
  machine();
  auto request = pxeRequest(MessageType::Discover, "52:54:00:12:34:56",
                            "PXEClient:Arch:00000:UNDI:002001", 0, "iPXE");
  request.options.set(opt::kIpxeEncapsulated, {0xb1, 0x05, 0x01, 0x1a, 0xf4, 0x10, 0x00});
  auto d = handle(request);
  ASSERT_TRUE(d.reply);
  EXPECT_EQ(d.reply->file, "http://192.0.2.5:8080/52:54:00:12:34:56/auto.ipxe");
  // iPXE is told not to wait for ProxyDHCP offers (175.176 = 1).
  EXPECT_EQ(*d.reply->options.find(opt::kIpxeEncapsulated), hexBytes("b00101"));
}

TEST_F(ReservationTest, ChainModeSendsIpxeToTheBinaryWithTheMarker) {
  settings_.ipxe_chain = true;
  machine();
  auto d = handle(pxeRequest(MessageType::Discover, "52:54:00:12:34:56", "PXEClient", 0, "iPXE"));
  ASSERT_TRUE(d.reply);
  EXPECT_EQ(d.reply->file, "tftp://192.0.2.5:69/52:54:00:12:34:56/undionly.kpxe");
  EXPECT_EQ(d.reply->options.text(opt::kUserClass), "Tinkerbell");
  auto second =
      handle(pxeRequest(MessageType::Discover, "52:54:00:12:34:56", "PXEClient", 0, "Tinkerbell"));
  EXPECT_EQ(second.reply->file, "http://192.0.2.5:8080/52:54:00:12:34:56/auto.ipxe");
}

TEST_F(ReservationTest, HttpClientGetsTheBinaryOverHttp) {
  machine();
  auto d = handle(pxeRequest(MessageType::Discover, "52:54:00:12:34:56",
                             "HTTPClient:Arch:00016:UNDI:003001", 16));
  ASSERT_TRUE(d.reply);
  EXPECT_EQ(d.reply->file, "http://192.0.2.5:8080/ipxe/52:54:00:12:34:56/ipxe.efi");
  EXPECT_EQ(d.reply->options.text(opt::kClassId), "HTTPClient");
  EXPECT_EQ(d.reply->siaddr, ip("192.0.2.5"));
}

TEST_F(ReservationTest, NetbootNotAllowedStillGetsALease) {
  machine().netboot.allow_pxe = false;
  auto d = handle(pxeRequest(MessageType::Discover, "52:54:00:12:34:56", "PXEClient", 0));
  ASSERT_TRUE(d.reply);
  EXPECT_EQ(d.reply->file, "/netboot-not-allowed");
  EXPECT_EQ(d.reply->siaddr, Ipv4Address());
  EXPECT_EQ(d.reply->yiaddr, ip("192.0.2.100"));
  EXPECT_FALSE(d.reply->options.has(opt::kVendorSpecific));
}

TEST_F(ReservationTest, UnknownArchitectureGetsNoBootFile) {
  machine();
  auto d = handle(pxeRequest(MessageType::Discover, "52:54:00:12:34:56", "PXEClient", 13));
  ASSERT_TRUE(d.reply);
  EXPECT_EQ(d.reply->file, "/netboot-not-allowed");
  EXPECT_FALSE(d.reply->options.has(opt::kVendorSpecific));
}

TEST_F(ReservationTest, PlainDhcpClientGetsALeaseWithoutNetbootFields) {
  auto& hw = machine();
  hw.dhcp.lease_time = 604800;
  dhcp4::Packet request;
  request.setMac(*MacAddress::parse("52:54:00:12:34:56"));
  request.options.set(opt::kMessageType, {1});
  auto d = handle(request);
  ASSERT_TRUE(d.reply);
  EXPECT_EQ(d.reply->file, "");
  EXPECT_EQ(d.reply->siaddr, ip("127.0.0.1"));
  EXPECT_EQ(d.reply->options.u32(opt::kLeaseTime), 604800u);
  EXPECT_EQ(d.reply->options.ipv4(opt::kSubnetMask), ip("255.255.255.0"));
}

TEST_F(ReservationTest, RequestForAnotherServerIsIgnored) {
  machine();
  auto request = pxeRequest(MessageType::Request, "52:54:00:12:34:56", "PXEClient", 0);
  request.options.setIpv4(opt::kServerId, ip("192.0.2.99"));
  auto d = handle(request);
  EXPECT_FALSE(d.reply);
  EXPECT_EQ(d.outcome, "request_for_other_server");
  request.options.setIpv4(opt::kServerId, ip("127.0.0.1"));
  EXPECT_EQ(handle(request).outcome, "ack");
}

TEST_F(ReservationTest, RequestForTheWrongAddressIsNaked) {
  machine();
  auto request = pxeRequest(MessageType::Request, "52:54:00:12:34:56", "PXEClient", 0);
  request.options.setIpv4(opt::kRequestedIp, ip("192.0.2.150"));
  auto d = handle(request);
  ASSERT_TRUE(d.reply);
  EXPECT_EQ(d.reply->options.messageType(), MessageType::Nak);
  EXPECT_EQ(d.reply->yiaddr, Ipv4Address());
  EXPECT_TRUE(replyDestination(request, *d.reply, {}).broadcast);
  // A renewal (ciaddr) of another address is refused the same way.
  request.options.remove(opt::kRequestedIp);
  request.ciaddr = ip("192.0.2.151");
  EXPECT_EQ(handle(request).outcome, "nak");
  request.ciaddr = ip("192.0.2.100");
  EXPECT_EQ(handle(request).outcome, "ack");
}

TEST_F(ReservationTest, ReleaseAndOtherMessagesGetNoReply) {
  machine();
  EXPECT_EQ(handle(pxeRequest(MessageType::Release, "52:54:00:12:34:56", "PXEClient", 0)).outcome,
            "release");
  EXPECT_EQ(handle(pxeRequest(MessageType::Inform, "52:54:00:12:34:56", "PXEClient", 0)).outcome,
            "unsupported_message_type");
  dhcp4::Packet bootp;
  bootp.setMac(*MacAddress::parse("52:54:00:12:34:56"));
  EXPECT_EQ(handle(bootp).outcome, "unsupported_message_type");
}

TEST_F(ReservationTest, VlanRoutesAndHardwareBootFileAreSent) {
  auto& hw = machine();
  hw.dhcp.vlan_id = "123";
  hw.dhcp.classless_routes = {{*Ipv4Prefix::parse("10.0.0.0/8"), ip("192.0.2.1")},
                              {*Ipv4Prefix::parse("0.0.0.0/0"), ip("192.0.2.254")}};
  auto d = handle(pxeRequest(MessageType::Discover, "52:54:00:12:34:56", "PXEClient", 0));
  ASSERT_TRUE(d.reply);
  EXPECT_EQ(*d.reply->options.find(opt::kVendorSpecific),
            hexBytes("060108 451a" + std::string(52, '0') + "7403313233"));
  EXPECT_EQ(*d.reply->options.find(opt::kClasslessRoutes), hexBytes("080a c0000201 00 c00002fe"));

  hw.dhcp.tftp_server_name = "192.0.2.77";
  hw.dhcp.boot_file_name = "switch/onie-installer";
  d = handle(pxeRequest(MessageType::Discover, "52:54:00:12:34:56", "PXEClient", 0));
  EXPECT_EQ(d.reply->file, "switch/onie-installer");
  EXPECT_EQ(d.reply->options.text(opt::kBootFileName), "switch/onie-installer");
  EXPECT_EQ(d.reply->options.text(opt::kTftpServerName), "192.0.2.77");
  EXPECT_FALSE(d.reply->options.has(opt::kVendorSpecific));
}

TEST_F(ReservationTest, RaspberryPiGetsItsVendorOptions) {
  machine("dc:a6:32:01:02:03");
  auto d = handle(pxeRequest(MessageType::Discover, "dc:a6:32:01:02:03", "PXEClient", 0));
  ASSERT_TRUE(d.reply);
  EXPECT_EQ(d.reply->file, "snp.efi");
  EXPECT_EQ(*d.reply->options.find(opt::kVendorSpecific),
            hexBytes("060108 0914 000011 526173706265727279205069 20 426f6f74 0a0400505845 451a" +
                     std::string(52, '0')));
}

TEST_F(ReservationTest, RelayedRequestIsAnsweredToTheRelay) {
  machine();
  auto request = pxeRequest(MessageType::Discover, "52:54:00:12:34:56", "PXEClient", 0);
  request.giaddr = ip("198.51.100.1");
  request.options.set(opt::kRelayAgentInfo, {1, 3, 'e', 't', '0'});
  auto d = handle(request);
  ASSERT_TRUE(d.reply);
  EXPECT_EQ(d.reply->giaddr, ip("198.51.100.1"));
  EXPECT_EQ(*d.reply->options.find(opt::kRelayAgentInfo), hexBytes("0103657430"));
  auto to = replyDestination(request, *d.reply, {});
  EXPECT_EQ(to.address, ip("198.51.100.1"));
  EXPECT_EQ(to.port, 67);
  auto bytes = d.reply->encode();
  // Option 82 is the last option before End.
  std::size_t end = bytes.size() - 1;
  while (bytes[end] != 0xff) --end;
  EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin() + static_cast<std::ptrdiff_t>(end) - 7,
                                      bytes.begin() + static_cast<std::ptrdiff_t>(end)),
            hexBytes("52050103657430"));
}

}  // namespace
}  // namespace smee::dhcp
