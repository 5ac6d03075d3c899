#include "transfer.h"

#include <gtest/gtest.h>

#include <deque>

namespace smee::tftp {
namespace {

// A client model: collects DATA, answers with ACKs it can be told to lose.
struct Wire {
  std::deque<std::vector<std::uint8_t>> sent;
  Transfer::Send send() {
    return [this](std::span<const std::uint8_t> b) { sent.emplace_back(b.begin(), b.end()); };
  }
};

std::vector<std::uint8_t> content(std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(i * 7 + i / 251);
  return v;
}

Negotiated options(std::uint16_t blksize, std::uint16_t window, bool oack) {
  Negotiated n;
  n.blksize = blksize;
  n.windowsize = window;
  if (oack) n.acknowledged = {{"blksize", std::to_string(blksize)}};
  return n;
}

// Runs a whole transfer: the client ACKs the last in-order block whenever
// it has received a window's worth (or the last block), dropping every
// `drop_every`-th ACK it would send; lost ACKs are recovered by timeouts.
std::vector<std::uint8_t> run(Transfer& t, std::uint16_t blksize, std::uint16_t window,
                              int drop_every, bool oack, std::uint64_t* timeouts = nullptr) {
  Wire wire;
  std::vector<std::uint8_t> received;
  std::uint64_t expected = 1;  // next absolute block the client wants
  int acks = 0, since_ack = 0;
  bool done = false;
  t.begin(wire.send());
  auto ack = [&](std::uint16_t block) {
    if (drop_every && ++acks % drop_every == 0) return Transfer::Progress::Continue;
    return t.onAck(block, wire.send());
  };
  if (oack) {
    EXPECT_EQ(opcodeOf(wire.sent.front()), Opcode::Oack);
    wire.sent.pop_front();
    ack(0);
  }
  for (int guard = 0; !done && guard < 5'000'000; ++guard) {
    if (wire.sent.empty()) {
      if (timeouts) ++*timeouts;
      if (t.onTimeout(wire.send()) == Transfer::Progress::Failed) break;
      continue;
    }
    auto packet = std::move(wire.sent.front());
    wire.sent.pop_front();
    if (opcodeOf(packet) == Opcode::Oack) {
      ack(0);
      continue;
    }
    auto data = parseData(packet);
    EXPECT_TRUE(data);
    if (data->block != (expected & 0xffff)) {
      // A block it already has: its ACK was lost, so say again what arrived.
      ack(static_cast<std::uint16_t>((expected - 1) & 0xffff));
      continue;
    }
    received.insert(received.end(), data->payload.begin(), data->payload.end());
    bool last = data->payload.size() < blksize;
    ++since_ack;
    if (last || since_ack >= window) {
      since_ack = 0;
      if (ack(static_cast<std::uint16_t>(expected & 0xffff)) == Transfer::Progress::Done)
        done = true;
    }
    ++expected;
  }
  EXPECT_TRUE(done);
  return received;
}

TEST(Transfer, LockStepWithoutOptions) {
  auto file = content(1300);
  Transfer t(nullptr, file, options(512, 1, false), 5);
  EXPECT_EQ(run(t, 512, 1, 0, false), file);
  EXPECT_EQ(t.totalBlocks(), 3u);
  EXPECT_EQ(t.retransmissions(), 0u);
}

TEST(Transfer, ExactMultipleEndsWithAnEmptyBlock) {
  auto file = content(1024);
  Transfer t(nullptr, file, options(512, 1, true), 5);
  EXPECT_EQ(run(t, 512, 1, 0, true), file);
  EXPECT_EQ(t.totalBlocks(), 3u);
}

TEST(Transfer, EmptyFileIsOneEmptyBlock) {
  std::vector<std::uint8_t> file;
  Transfer t(nullptr, file, options(512, 1, false), 5);
  EXPECT_EQ(run(t, 512, 1, 0, false), file);
}

TEST(Transfer, WindowsOf16) {
  auto file = content(100'000);
  Transfer t(nullptr, file, options(1468, 16, true), 5);
  EXPECT_EQ(run(t, 1468, 16, 0, true), file);
}

TEST(Transfer, BlockNumbersWrapPast65535) {
  auto file = content(70'000 * 8 + 3);  // 70,001 blocks of 8 bytes
  Transfer t(nullptr, file, options(8, 1, true), 5);
  EXPECT_EQ(run(t, 8, 1, 0, true), file);
  EXPECT_GT(t.totalBlocks(), 65536u);
}

TEST(Transfer, ClientDroppingEveryFifthAckStillCompletes) {
  auto file = content(50'000);
  Transfer t(nullptr, file, options(512, 1, true), 5);
  std::uint64_t timeouts = 0;
  EXPECT_EQ(run(t, 512, 1, 5, true, &timeouts), file);
  EXPECT_GT(timeouts, 0u);
  EXPECT_EQ(t.retransmissions(), timeouts);
  // Block 1's ACK is the 5th in this run's pattern only if nothing else
  // reset it; what matters: every lost ACK cost one timeout, no failure.
}

TEST(Transfer, DroppedAcksWithWindows) {
  auto file = content(200'000);
  Transfer t(nullptr, file, options(1024, 8, true), 5);
  EXPECT_EQ(run(t, 1024, 8, 5, true), file);
}

TEST(Transfer, DuplicateAcksSendNothing) {
  auto file = content(2000);
  Transfer t(nullptr, file, options(512, 1, false), 5);
  Wire wire;
  t.begin(wire.send());
  ASSERT_EQ(wire.sent.size(), 1u);
  t.onAck(1, wire.send());
  ASSERT_EQ(wire.sent.size(), 2u);
  t.onAck(1, wire.send());  // the Sorcerer's Apprentice would resend block 2 here
  t.onAck(0, wire.send());
  t.onAck(9, wire.send());
  EXPECT_EQ(wire.sent.size(), 2u);
}

TEST(Transfer, GivesUpAfterTheRetryLimit) {
  auto file = content(2000);
  Transfer t(nullptr, file, options(512, 1, false), 3);
  Wire wire;
  t.begin(wire.send());
  EXPECT_EQ(t.onTimeout(wire.send()), Transfer::Progress::Continue);
  EXPECT_EQ(t.onTimeout(wire.send()), Transfer::Progress::Continue);
  EXPECT_EQ(t.onTimeout(wire.send()), Transfer::Progress::Continue);
  EXPECT_EQ(t.onTimeout(wire.send()), Transfer::Progress::Failed);
  EXPECT_EQ(wire.sent.size(), 4u);  // the first send and three resends
}

TEST(Netascii, ConvertsLineEndings) {
  std::string text = "a\nb\rc";
  auto out = toNetascii({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
  EXPECT_EQ(std::string(out.begin(), out.end()), std::string("a\r\nb\r\0c", 7));
}

}  // namespace
}  // namespace smee::tftp
