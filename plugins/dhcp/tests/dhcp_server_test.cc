#include "dhcp_server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "log_system.h"
#include "loopback_client.h"
#include "packet_builder.h"
#include "reservation_handler.h"
#include "test_backend.h"

namespace smee::dhcp {
namespace {

using dhcp4::MessageType;

class DhcpServerTest : public testing::Test {
 protected:
  void SetUp() override {
    auto backend = std::make_shared<TestBackend>();
    auto& hw = backend->add("52:54:00:12:34:56");
    hw.dhcp.ip = *Ipv4Address::parse("192.0.2.100");
    hw.netboot.allow_pxe = true;
    BootSettings settings;
    settings.ip_for_packet = *Ipv4Address::parse("127.0.0.1");
    settings.tftp_ip = settings.ip_for_packet;
    handler_ = std::make_shared<ReservationHandler>(backend, settings);
    ServerSettings server;
    server.address = *Ipv4Address::parse("127.0.0.1");
    server.port = 0;
    server.queue_size = 4;
    server.workers = 1;  // through the queue; one worker keeps the order the test reads
    server_ = std::make_unique<DhcpServer>(server, handler_, Logger(LogSystem::logger("dhcp.test")),
                                           metrics_);
    server_->start();
  }
  void TearDown() override { server_->stop(); }

  Metrics metrics_;
  std::shared_ptr<ReservationHandler> handler_;
  std::unique_ptr<DhcpServer> server_;
};

TEST_F(DhcpServerTest, AnswersAKnownMachineOverUdp) {
  LoopbackClient client;
  client.send(pxeRequest(MessageType::Discover, "52:54:00:12:34:56", "PXEClient", 7).encode(),
              server_->port());
  auto reply = client.receive();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->options.messageType(), MessageType::Offer);
  EXPECT_EQ(reply->yiaddr.toString(), "192.0.2.100");
  EXPECT_EQ(reply->file, "ipxe.efi");
  // The worker counts the reply right after sending it: wait for that.
  auto& sent = metrics_.counter("smee_dhcp_sent_total", "", {{"type", "OFFER"}});
  for (int i = 0; i < 200 && sent.value() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(sent.value(), 1u);
}

TEST_F(DhcpServerTest, MalformedAndUnknownRequestsAreCountedNotAnswered) {
  LoopbackClient client;
  client.send({1, 2, 3}, server_->port());
  auto bytes = pxeRequest(MessageType::Discover, "52:54:00:12:34:56", "PXEClient", 7).encode();
  bytes.resize(250);  // cut inside the options
  client.send(bytes, server_->port());
  client.send(pxeRequest(MessageType::Discover, "02:00:00:00:00:99", "PXEClient", 7).encode(),
              server_->port());
  // A known machine afterwards still gets its answer: the server survived.
  client.send(pxeRequest(MessageType::Discover, "52:54:00:12:34:56", "PXEClient", 7).encode(),
              server_->port());
  auto reply = client.receive();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->mac().toString(), "52:54:00:12:34:56");
  EXPECT_EQ(metrics_.counter("smee_dhcp_drops_total", "", {{"reason", "too_short"}}).value(), 1u);
  EXPECT_EQ(
      metrics_.counter("smee_dhcp_drops_total", "", {{"reason", "truncated_option"}}).value() +
          metrics_.counter("smee_dhcp_drops_total", "", {{"reason", "no_end_option"}}).value(),
      1u);
  EXPECT_EQ(metrics_.counter("smee_dhcp_decisions_total", "", {{"outcome", "not_found"}}).value(),
            1u);
}

}  // namespace
}  // namespace smee::dhcp

namespace smee::dhcp {
namespace {

TEST(DhcpServerInline, AnswersOnTheReceiveThreadWithZeroWorkers) {
  auto backend = std::make_shared<TestBackend>();
  auto& hw = backend->add("52:54:00:12:34:57");
  hw.dhcp.ip = *Ipv4Address::parse("192.0.2.101");
  BootSettings settings;
  settings.ip_for_packet = *Ipv4Address::parse("127.0.0.1");
  ServerSettings server;
  server.address = *Ipv4Address::parse("127.0.0.1");
  server.port = 0;
  server.workers = 0;
  Metrics metrics;
  DhcpServer dhcp(server, std::make_shared<ReservationHandler>(backend, settings),
                  Logger(LogSystem::logger("dhcp.test")), metrics);
  dhcp.start();
  LoopbackClient client;
  client.send(pxeRequest(MessageType::Discover, "52:54:00:12:34:57", "PXEClient", 0).encode(),
              dhcp.port());
  auto reply = client.receive();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->yiaddr.toString(), "192.0.2.101");
  dhcp.stop();
}

// Requests that arrive together are read in one batch and answered in one
// sendmmsg(): every one gets its own reply, in order.
TEST(DhcpServerInline, AnswersEveryRequestOfABurst) {
  auto backend = std::make_shared<TestBackend>();
  backend->add("52:54:00:12:34:58").dhcp.ip = *Ipv4Address::parse("192.0.2.102");
  BootSettings settings;
  settings.ip_for_packet = *Ipv4Address::parse("127.0.0.1");
  ServerSettings server;
  server.address = *Ipv4Address::parse("127.0.0.1");
  server.port = 0;
  Metrics metrics;
  DhcpServer dhcp(server, std::make_shared<ReservationHandler>(backend, settings),
                  Logger(LogSystem::logger("dhcp.test")), metrics);
  dhcp.start();
  LoopbackClient client;
  constexpr std::uint32_t kBurst = 24;  // more than one receive batch
  for (std::uint32_t xid = 1; xid <= kBurst; ++xid) {
    auto request = pxeRequest(MessageType::Discover, "52:54:00:12:34:58", "PXEClient", 0);
    request.xid = xid;
    client.send(request.encode(), dhcp.port());
  }
  for (std::uint32_t xid = 1; xid <= kBurst; ++xid) {
    auto reply = client.receive();
    ASSERT_TRUE(reply) << "no reply for xid " << xid;
    EXPECT_EQ(reply->xid, xid);
    EXPECT_EQ(reply->yiaddr.toString(), "192.0.2.102");
  }
  dhcp.stop();
  EXPECT_EQ(metrics.counter("smee_dhcp_sent_total", "", {{"type", "OFFER"}}).value(), kBurst);
}

}  // namespace
}  // namespace smee::dhcp
