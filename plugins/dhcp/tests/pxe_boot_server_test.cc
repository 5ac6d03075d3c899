// The PXE boot server on port 4011 and the ProxyDHCP offer that sends PXE
// firmware there (dhcp.pxe_port, dhcp.proxy_defer_boot_file).
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "boot_file_deferring_handler.h"
#include "dhcp_server.h"
#include "log_system.h"
#include "loopback_client.h"
#include "packet_builder.h"
#include "proxy_handler.h"
#include "pxe_boot_server_handler.h"
#include "test_backend.h"

namespace smee::dhcp {
namespace {

using dhcp4::MessageType;
namespace opt = dhcp4::opt;

constexpr const char* kMac = "52:54:00:12:34:56";

class PxeBootServerTest : public testing::Test {
 protected:
  PxeBootServerTest() {
    settings_.ip_for_packet = *Ipv4Address::parse("192.0.2.1");
    settings_.tftp_ip = settings_.ip_for_packet;
    settings_.http_binary_host = "192.0.2.1";
    settings_.script_url = "http://192.0.2.1:8080/auto.ipxe";
    backend_ = std::make_shared<TestBackend>();
    backend_->add(kMac).netboot.allow_pxe = true;
    proxy_ = std::make_shared<ProxyHandler>(backend_, settings_, false);
    boot_server_ = std::make_shared<PxeBootServerHandler>(proxy_);
  }
  // What the firmware sends to port 4011 after the ProxyDHCP offer: a
  // REQUEST from its leased address (iPXE's ProxyDHCPREQUEST).
  static dhcp4::Packet proxyRequest(const char* mac = kMac,
                                    const char* vendor = "PXEClient:Arch:00000:UNDI:002001") {
    auto request = pxeRequest(MessageType::Request, mac, vendor, 0);
    request.ciaddr = *Ipv4Address::parse("192.0.2.158");
    request.options.setIpv4(opt::kServerId, *Ipv4Address::parse("192.0.2.1"));
    return request;
  }

  BootSettings settings_;
  std::shared_ptr<TestBackend> backend_;
  std::shared_ptr<ProxyHandler> proxy_;
  std::shared_ptr<PxeBootServerHandler> boot_server_;
};

// The ACK from 4011 carries exactly the netboot fields the ProxyDHCP offer
// carries for the same machine, and no address.
TEST_F(PxeBootServerTest, AckCarriesTheProxyOffersNetbootFields) {
  auto offer = proxy_->handle(
      pxeRequest(MessageType::Discover, kMac, "PXEClient:Arch:00000:UNDI:002001", 0), {});
  auto ack = boot_server_->handle(proxyRequest(), {});
  ASSERT_TRUE(offer.reply);
  ASSERT_TRUE(ack.reply) << ack.outcome << ": " << ack.detail;
  EXPECT_EQ(ack.outcome, "ack");
  EXPECT_EQ(ack.reply->options.messageType(), MessageType::Ack);
  EXPECT_EQ(ack.reply->yiaddr, Ipv4Address());
  EXPECT_EQ(ack.reply->ciaddr, Ipv4Address());
  EXPECT_EQ(ack.reply->file, "undionly.kpxe");
  EXPECT_EQ(ack.reply->file, offer.reply->file);
  EXPECT_EQ(ack.reply->siaddr.toString(), "192.0.2.1");
  EXPECT_EQ(ack.reply->sname, offer.reply->sname);
  for (auto code : {opt::kServerId, opt::kClassId, opt::kVendorSpecific, opt::kClientGuid}) {
    ASSERT_TRUE(ack.reply->options.has(code)) << "option " << int(code);
    EXPECT_EQ(*ack.reply->options.find(code), *offer.reply->options.find(code))
        << "option " << int(code);
  }
  EXPECT_EQ(ack.reply->options.text(opt::kClassId), "PXEClient");
  EXPECT_EQ(ack.reply->xid, proxyRequest().xid);
}

// PXE boot server discovery names a boot item (43.71); the ACK names it back.
TEST_F(PxeBootServerTest, BootServerDiscoveryGetsItsBootItemEchoed) {
  auto request = proxyRequest();
  request.options.set(opt::kVendorSpecific, hexBytes("47 04 8000 0000 ff"));
  auto ack = boot_server_->handle(request, {});
  ASSERT_TRUE(ack.reply);
  EXPECT_EQ(*ack.reply->options.find(opt::kVendorSpecific), hexBytes("06 01 08  47 04 8000 0000"));
  // A cut-short encapsulation is read as no boot item, not past its end.
  request.options.set(opt::kVendorSpecific, hexBytes("47 09 8000"));
  ack = boot_server_->handle(request, {});
  ASSERT_TRUE(ack.reply);
  EXPECT_EQ(*ack.reply->options.find(opt::kVendorSpecific), hexBytes("06 01 08"));
}

TEST_F(PxeBootServerTest, OnlyRequestsFromPxeClientsTheModeWouldBootAreAnswered) {
  auto discover = pxeRequest(MessageType::Discover, kMac, "PXEClient", 0);
  EXPECT_EQ(boot_server_->handle(discover, {}).outcome, "unsupported_message_type");
  EXPECT_EQ(boot_server_->handle(proxyRequest(kMac, "HTTPClient:Arch:00016"), {}).outcome,
            "not_pxe_client");
  auto no_class = proxyRequest();
  no_class.options.remove(opt::kClassId);
  EXPECT_EQ(boot_server_->handle(no_class, {}).outcome, "not_pxe_client");
  EXPECT_EQ(boot_server_->handle(proxyRequest(kMac, "PXE"), {}).outcome, "not_pxe_client");
  // The proxy mode's own rules still apply: an unknown machine gets nothing.
  EXPECT_EQ(boot_server_->handle(proxyRequest("02:00:00:00:00:99"), {}).outcome, "not_found");
}

// proxy_defer_boot_file: the offer on port 67 points at the boot server but
// names no boot file, so the firmware has to ask port 4011.
TEST_F(PxeBootServerTest, DeferredOfferLeavesTheBootFileToPort4011) {
  settings_.ipxe_chain = true;
  auto chained = std::make_shared<ProxyHandler>(backend_, settings_, false);
  BootFileDeferringHandler deferring(chained);
  auto offer =
      deferring.handle(pxeRequest(MessageType::Discover, kMac, "PXEClient:Arch:00000", 0), {});
  ASSERT_TRUE(offer.reply);
  EXPECT_EQ(offer.reply->options.messageType(), MessageType::Offer);
  EXPECT_TRUE(offer.reply->file.empty());
  EXPECT_FALSE(offer.reply->options.has(opt::kBootFileName));
  EXPECT_FALSE(offer.reply->options.has(opt::kVendorSpecific));
  EXPECT_FALSE(offer.reply->options.has(opt::kUserClass));
  EXPECT_EQ(offer.reply->options.ipv4(opt::kServerId)->toString(), "192.0.2.1");
  EXPECT_EQ(offer.reply->siaddr.toString(), "192.0.2.1");
  EXPECT_EQ(offer.reply->options.text(opt::kClassId), "PXEClient");
  // ... where the boot server, asking the undeferred mode, has all of it.
  auto ack = PxeBootServerHandler(chained).handle(proxyRequest(), {});
  ASSERT_TRUE(ack.reply);
  EXPECT_EQ(ack.reply->file, "undionly.kpxe");
  EXPECT_EQ(ack.reply->options.text(opt::kUserClass), "Tinkerbell");
  // UEFI HTTP boot has no port 4011 step: its offer stays whole.
  auto http =
      deferring.handle(pxeRequest(MessageType::Discover, kMac, "HTTPClient:Arch:00016", 16), {});
  ASSERT_TRUE(http.reply);
  EXPECT_EQ(http.reply->file, "http://192.0.2.1:8080/ipxe/52:54:00:12:34:56/ipxe.efi");
}

// Over UDP: the ACK goes back to the request's source address and port,
// from the boot server's port; junk is dropped and counted under the boot
// server's own metric names, and the server keeps answering.
TEST_F(PxeBootServerTest, ListenerAnswersFromItsPortAndCountsDrops) {
  ServerSettings server;
  server.address = *Ipv4Address::parse("127.0.0.1");
  server.port = 0;
  server.name = "PXE boot server";
  server.metrics_prefix = "smee_dhcp_pxe";
  Metrics metrics;
  DhcpServer pxe(server, boot_server_, Logger(LogSystem::logger("dhcp.test")), metrics);
  pxe.start();
  LoopbackClient client;
  client.send({1, 2, 3}, pxe.port());
  client.send(proxyRequest(kMac, "MSFT 5.0").encode(), pxe.port());
  client.send(pxeRequest(MessageType::Discover, kMac, "PXEClient", 0).encode(), pxe.port());
  client.send(proxyRequest().encode(), pxe.port());
  auto ack = client.receive();
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->options.messageType(), MessageType::Ack);
  EXPECT_EQ(ack->file, "undionly.kpxe");
  EXPECT_EQ(client.last_source_port, pxe.port());
  EXPECT_FALSE(client.receive(200)) << "only the one REQUEST is answered";
  auto& sent = metrics.counter("smee_dhcp_pxe_sent_total", "", {{"type", "ACK"}});
  for (int i = 0; i < 200 && sent.value() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  pxe.stop();
  EXPECT_EQ(sent.value(), 1u);
  EXPECT_EQ(metrics.counter("smee_dhcp_pxe_drops_total", "", {{"reason", "too_short"}}).value(),
            1u);
  EXPECT_EQ(
      metrics.counter("smee_dhcp_pxe_decisions_total", "", {{"outcome", "not_pxe_client"}}).value(),
      1u);
  EXPECT_EQ(
      metrics
          .counter("smee_dhcp_pxe_decisions_total", "", {{"outcome", "unsupported_message_type"}})
          .value(),
      1u);
  EXPECT_EQ(metrics.counter("smee_dhcp_drops_total", "", {{"reason", "too_short"}}).value(), 0u);
}

}  // namespace
}  // namespace smee::dhcp
