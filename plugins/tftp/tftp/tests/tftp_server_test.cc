#include "tftp_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "directory_source.h"
#include "log_system.h"

namespace smee::tftp {
namespace {
namespace fs = std::filesystem;

// A small TFTP client over a real UDP socket on 127.0.0.1 that can lose
// some of its own ACKs on purpose.
class TestClient {
 public:
  TestClient() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  }
  ~TestClient() { ::close(fd_); }

  struct Result {
    bool complete = false;
    std::vector<std::uint8_t> data;
    std::optional<ErrorPacket> error;
    std::uint16_t server_port = 0;
  };

  Result get(std::uint16_t port, const std::string& file, std::vector<Option> options,
             int drop_every = 0) {
    Result r;
    Request rrq{Opcode::Rrq, file, "octet", options};
    send(encodeRequest(rrq), port);
    std::uint16_t blksize = 512, expected = 1;
    int acks = 0;
    for (int i = 0; i < 200000; ++i) {
      sockaddr_in from{};
      auto packet = receive(from, 3000);
      if (packet.empty()) return r;  // gave up: nothing for 3 s
      r.server_port = ntohs(from.sin_port);
      if (auto e = parseError(packet)) {
        r.error = e;
        return r;
      }
      auto ack = [&](std::uint16_t block) {
        if (drop_every && ++acks % drop_every == 0) return;
        send(encodeAck(block), r.server_port);
      };
      if (opcodeOf(packet) == Opcode::Oack) {
        auto text = std::string(packet.begin() + 2, packet.end());
        if (auto at = text.find(std::string("blksize\0", 8)); at != std::string::npos) {
          blksize = static_cast<std::uint16_t>(std::stoi(text.substr(at + 8)));
        }
        ack(0);
        continue;
      }
      auto data = parseData(packet);
      if (!data) continue;
      if (data->block != expected) {
        ack(static_cast<std::uint16_t>(expected - 1));
        continue;
      }
      r.data.insert(r.data.end(), data->payload.begin(), data->payload.end());
      ack(expected);
      ++expected;
      if (data->payload.size() < blksize) {
        r.complete = true;
        return r;
      }
    }
    return r;
  }

  void send(const std::vector<std::uint8_t>& bytes, std::uint16_t port) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  }

  std::vector<std::uint8_t> receive(sockaddr_in& from, int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) != 1) return {};
    std::vector<std::uint8_t> buf(70000);
    socklen_t len = sizeof from;
    auto n = ::recvfrom(fd_, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
    buf.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return buf;
  }

 private:
  int fd_ = -1;
};

class TftpServerTest : public testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("smeed-tftp-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    file_.resize(300'000);
    for (std::size_t i = 0; i < file_.size(); ++i)
      file_[i] = static_cast<std::uint8_t>(i * 31 + i / 7);
    std::ofstream(dir_ / "ipxe.efi", std::ios::binary)
        .write(reinterpret_cast<const char*>(file_.data()),
               static_cast<std::streamsize>(file_.size()));
    auto source = std::make_shared<ipxe_binaries::DirectorySource>(std::vector<fs::path>{dir_},
                                                                   fs::path(), "");
    ServerSettings settings;
    settings.address = *Ipv4Address::parse("127.0.0.1");
    settings.port = 0;
    settings.timeout = std::chrono::milliseconds(200);
    settings.single_port = GetParam();
    server_ = std::make_unique<TftpServer>(settings, source, Logger(LogSystem::logger("tftp.test")),
                                           metrics_);
    server_->start();
  }
  void TearDown() override {
    server_->stop();
    fs::remove_all(dir_);
  }
  fs::path dir_;
  std::vector<std::uint8_t> file_;
  Metrics metrics_;
  std::unique_ptr<TftpServer> server_;
};

TEST_P(TftpServerTest, ServesAFileWithAndWithoutOptions) {
  TestClient client;
  auto plain = client.get(server_->port(), "ipxe.efi", {});
  ASSERT_TRUE(plain.complete);
  EXPECT_EQ(plain.data, file_);
  EXPECT_EQ(plain.server_port == server_->port(), GetParam())
      << "single-port mode uses port 69's socket";
  auto big = client.get(server_->port(), "/52:54:00:12:34:56/ipxe.efi",
                        {{"blksize", "1468"}, {"tsize", "0"}});
  ASSERT_TRUE(big.complete);
  EXPECT_EQ(big.data, file_);
}

TEST_P(TftpServerTest, ClientThatDropsEveryFifthAckCompletes) {
  TestClient client;
  auto r = client.get(server_->port(), "ipxe.efi", {{"blksize", "1024"}}, 5);
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.data, file_);
  EXPECT_GT(metrics_.counter("smee_tftp_retransmits_total", "").value(), 0u);
}

TEST_P(TftpServerTest, MissingFilesWritesAndBadRequestsGetErrors) {
  TestClient client;
  auto missing = client.get(server_->port(), "autoexec.ipxe", {});
  ASSERT_TRUE(missing.error);
  EXPECT_EQ(missing.error->code, 1);
  EXPECT_EQ(missing.error->message, "file [autoexec.ipxe] unknown: file does not exist");
  auto traversal = client.get(server_->port(), "../../etc/passwd", {});
  ASSERT_TRUE(traversal.error);
  EXPECT_EQ(traversal.error->code, 2);

  client.send(encodeRequest({Opcode::Wrq, "x.efi", "octet", {}}), server_->port());
  sockaddr_in from{};
  auto reply = client.receive(from, 2000);
  auto error = parseError(reply);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, 2);
  EXPECT_EQ(error->message, "access violation: writes are not allowed");

  client.send({0, 1, 'x'}, server_->port());
  error = parseError(client.receive(from, 2000));
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, 4);
  EXPECT_EQ(metrics_.counter("smee_tftp_requests_refused_total", "", {{"reason", "write_request"}})
                .value(),
            1u);
}

INSTANTIATE_TEST_SUITE_P(Modes, TftpServerTest, testing::Values(true, false), [](const auto& info) {
  return info.param ? "SinglePort" : "EphemeralPort";
});

}  // namespace
}  // namespace smee::tftp
