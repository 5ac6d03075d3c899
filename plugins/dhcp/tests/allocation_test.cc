// The packet path's promise: once warm, answering a DORA allocates nothing
// (spec: no heap allocation per packet). Counted, not timed.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include "counting_new.h"
#include "dhcp_server.h"
#include "log_system.h"
#include "packet_builder.h"
#include "reservation_handler.h"
#include "test_backend.h"

namespace smee::dhcp {
namespace {

using dhcp4::MessageType;
namespace opt = dhcp4::opt;

Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }

constexpr int kWarmUp = 4;
constexpr int kCounted = 1000;

// A reserved machine like the benchmark's: address, mask, router, name.
std::shared_ptr<TestBackend> benchLikeBackend() {
  auto backend = std::make_shared<TestBackend>();
  auto& hw = backend->add("02:50:42:00:00:07");
  hw.dhcp.ip = ip("198.18.16.8");
  hw.dhcp.subnet_mask = ip("255.254.0.0");
  hw.dhcp.default_gateway = ip("198.18.0.1");
  hw.dhcp.name_servers = {ip("198.18.0.1")};
  hw.dhcp.hostname = "pbhost00007";
  return backend;
}

BootSettings bootSettings() {
  BootSettings settings;
  settings.ip_for_packet = ip("127.0.0.1");
  settings.tftp_ip = settings.ip_for_packet;
  return settings;
}

// DISCOVER and REQUEST as a client (or a relay, with giaddr) sends them.
std::vector<std::uint8_t> requestBytes(MessageType type, Ipv4Address giaddr = {}) {
  dhcp4::Packet p;
  p.xid = 0x1234;
  p.giaddr = giaddr;
  p.setMac(*MacAddress::parse("02:50:42:00:00:07"));
  p.options.set(opt::kMessageType, {static_cast<std::uint8_t>(type)});
  p.options.set(opt::kClientId, {1, 2, 0x50, 0x42, 0, 0, 7});
  p.options.set(opt::kParameterRequestList, {1, 3, 6, 12, 15, 28, 42});
  if (type == MessageType::Request) {
    p.options.setIpv4(opt::kServerId, ip("127.0.0.1"));
    p.options.setIpv4(opt::kRequestedIp, ip("198.18.16.8"));
  }
  if (!giaddr.isUnspecified()) p.options.set(opt::kRelayAgentInfo, {1, 4, 'p', 'o', 'r', 't'});
  return p.encode();
}

TEST(PacketPathAllocations, ReservationDoraAllocatesNothingOnceWarm) {
  ReservationHandler handler(benchLikeBackend(), bootSettings());
  const auto discover = requestBytes(MessageType::Discover, ip("198.18.0.2"));
  const auto request = requestBytes(MessageType::Request, ip("198.18.0.2"));
  PacketScratch scratch;
  auto dora = [&] {
    for (const auto* bytes : {&discover, &request}) {
      ASSERT_FALSE(dhcp4::Packet::decodeInto(*bytes, scratch.request));
      ASSERT_TRUE(handler.handleInto(scratch.request, {}, scratch.reply, scratch.decision))
          << scratch.decision.outcome << ": " << scratch.decision.detail;
      replyDestination(scratch.request, scratch.reply, {});
      scratch.reply.encodeInto(scratch.encoded);
    }
  };
  for (int i = 0; i < kWarmUp; ++i) dora();
  const auto before = allocationsOnThisThread();
  for (int i = 0; i < kCounted; ++i) dora();
  EXPECT_EQ(allocationsOnThisThread() - before, 0u);
  // The counter does see allocations: a fresh Packet makes some.
  const auto fresh = allocationsOnThisThread();
  auto decoded = dhcp4::Packet::decode(discover);
  EXPECT_GT(allocationsOnThisThread() - fresh, 0u);
  // And the reply is still the right one.
  EXPECT_EQ(scratch.decision.outcome, "ack");
  EXPECT_EQ(scratch.reply.yiaddr, ip("198.18.16.8"));
  EXPECT_EQ(scratch.reply.options.text(opt::kHostName), "pbhost00007");
}

// The same through the server: counters, the tracing check, logging at
// warn (the production level), encoding and the send.
TEST(PacketPathAllocations, ServerAnswersWithoutAllocatingOnceWarm) {
  LogSystem::configure("warn", LogSystem::format());
  ServerSettings server;
  server.address = ip("127.0.0.1");
  server.port = 0;
  Metrics metrics;
  DhcpServer dhcp(server, std::make_shared<ReservationHandler>(benchLikeBackend(), bootSettings()),
                  Logger(LogSystem::logger("dhcp.test")), metrics);
  dhcp.start();
  // A client socket the replies go to (unicast back to the sender).
  int client = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(client, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
  socklen_t len = sizeof sa;
  ::getsockname(client, reinterpret_cast<sockaddr*>(&sa), &len);

  const auto discover = requestBytes(MessageType::Discover);
  const auto request = requestBytes(MessageType::Request);
  PacketScratch scratch;
  std::uint8_t reply[2048];
  int replies = 0;
  auto dora = [&] {
    for (const auto* bytes : {&discover, &request}) {
      Datagram datagram;
      datagram.bytes = *bytes;
      datagram.source = ip("127.0.0.1");
      datagram.source_port = ntohs(sa.sin_port);
      datagram.local_address = ip("127.0.0.1");
      dhcp.process(datagram, scratch);
      if (::recv(client, reply, sizeof reply, MSG_DONTWAIT) > 0) ++replies;
    }
  };
  for (int i = 0; i < kWarmUp; ++i) dora();
  const auto before = allocationsOnThisThread();
  for (int i = 0; i < kCounted; ++i) dora();
  EXPECT_EQ(allocationsOnThisThread() - before, 0u);
  dhcp.stop();
  ::close(client);
  EXPECT_GT(replies, kCounted);  // loopback delivers them; a few may still be in flight
  EXPECT_EQ(metrics.counter("smee_dhcp_sent_total", "", {{"type", "ACK"}}).value(),
            static_cast<std::uint64_t>(kWarmUp + kCounted));
}

}  // namespace
}  // namespace smee::dhcp
