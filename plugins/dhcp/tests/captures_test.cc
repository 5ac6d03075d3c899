// Real DHCP requests captured from busybox udhcpc in a network namespace
// (tests/data/captures, each file names its origin), decoded and
// classified as the modes see them.
#include <gtest/gtest.h>

#include <fstream>

#include "classification.h"
#include "smee/proto/dhcp4/packet.h"

namespace smee::dhcp {
namespace {

std::vector<std::uint8_t> loadCapture(const std::string& name) {
  std::ifstream in(std::string(SMEE_CAPTURES_DIR) + "/" + name);
  std::string line, hex;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') hex += line;
  }
  std::vector<std::uint8_t> bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return bytes;
}

dhcp4::Packet decoded(const std::string& name) {
  auto bytes = loadCapture(name);
  EXPECT_FALSE(bytes.empty()) << name;
  auto result = dhcp4::Packet::decode(bytes);
  EXPECT_TRUE(std::holds_alternative<dhcp4::Packet>(result)) << name;
  return std::holds_alternative<dhcp4::Packet>(result) ? std::get<dhcp4::Packet>(result)
                                                        : dhcp4::Packet{};
}

TEST(Captures, BiosPxeDiscoverFromUdhcpc) {
  auto p = decoded("busybox-udhcpc-bios-pxe-discover.hex");
  EXPECT_EQ(p.mac().toString(), "52:54:00:12:34:56");
  EXPECT_EQ(p.options.messageType(), dhcp4::MessageType::Discover);
  auto c = classify(p);
  EXPECT_TRUE(c.netboot_client) << c.not_netboot_reason;
  EXPECT_EQ(c.arch, 0);
  EXPECT_EQ(c.client_type, ClientType::PxeClient);
  EXPECT_FALSE(c.ipxe);
}

TEST(Captures, IpxeDiscoverFromUdhcpc) {
  auto p = decoded("busybox-udhcpc-ipxe-discover.hex");
  auto c = classify(p);
  EXPECT_TRUE(c.netboot_client) << c.not_netboot_reason;
  EXPECT_EQ(c.arch, 7);
  EXPECT_EQ(c.user_class, "iPXE");
  EXPECT_TRUE(c.ipxe);
  EXPECT_TRUE(p.options.has(dhcp4::opt::kIpxeEncapsulated));
}

TEST(Captures, PlainDiscoverIsNotANetbootClient) {
  auto p = decoded("busybox-udhcpc-plain-discover.hex");
  EXPECT_EQ(loadCapture("busybox-udhcpc-plain-discover.hex").size(), 300u);
  auto c = classify(p);
  EXPECT_FALSE(c.netboot_client);
  EXPECT_EQ(c.not_netboot_reason, "option 60 does not start with PXEClient or HTTPClient");
}

TEST(Captures, EveryTruncationBeforeTheEndOptionIsRefused) {
  for (const char* name : {"busybox-udhcpc-bios-pxe-discover.hex", "busybox-udhcpc-ipxe-discover.hex",
                           "busybox-udhcpc-plain-discover.hex"}) {
    auto bytes = loadCapture(name);
    std::size_t end = dhcp4::kHeaderSize + 4;
    while (end < bytes.size() && bytes[end] != dhcp4::opt::kEnd) {
      end += bytes[end] == 0 ? 1 : 2 + bytes[end + 1];
    }
    ASSERT_LT(end, bytes.size()) << name;
    for (std::size_t n = 0; n <= end; ++n) {
      EXPECT_TRUE(std::holds_alternative<dhcp4::DecodeError>(
          dhcp4::Packet::decode({bytes.data(), n})))
          << name << " cut at " << n;
    }
  }
}

}  // namespace
}  // namespace smee::dhcp
