// Real DHCP requests captured from busybox udhcpc in a network namespace and
// from QEMU firmware in the end-to-end test
// (tests/data/captures, each file names its origin), decoded and
// classified as the modes see them.
#include <gtest/gtest.h>

#include <fstream>

#include "classification.h"
#include "reservation_handler.h"
#include "smee/proto/dhcp4/packet.h"
#include "test_backend.h"

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
  for (const char* name :
       {"busybox-udhcpc-bios-pxe-discover.hex", "busybox-udhcpc-ipxe-discover.hex",
        "busybox-udhcpc-plain-discover.hex"}) {
    auto bytes = loadCapture(name);
    std::size_t end = dhcp4::kHeaderSize + 4;
    while (end < bytes.size() && bytes[end] != dhcp4::opt::kEnd) {
      end += bytes[end] == 0 ? 1 : 2 + bytes[end + 1];
    }
    ASSERT_LT(end, bytes.size()) << name;
    for (std::size_t n = 0; n <= end; ++n) {
      EXPECT_TRUE(
          std::holds_alternative<dhcp4::DecodeError>(dhcp4::Packet::decode({bytes.data(), n})))
          << name << " cut at " << n;
    }
  }
}

// Requests captured from real firmware in the QEMU end-to-end test: what
// each one is, and the boot file smeed's reservation mode gives it.
struct FirmwareCapture {
  const char* file;
  std::uint16_t arch;
  ClientType type;
  bool ipxe;
  bool netboot;
  const char* boot_file;  // reply's file field; "" = none
};

class FirmwareCaptures : public testing::TestWithParam<FirmwareCapture> {};

TEST_P(FirmwareCaptures, ClassifiedAndAnsweredAsTheFirmwareNeeds) {
  const FirmwareCapture& want = GetParam();
  auto request = decoded(want.file);
  EXPECT_EQ(request.mac().toString(), "52:54:00:12:34:56");
  auto c = classify(request);
  EXPECT_EQ(c.netboot_client, want.netboot) << c.not_netboot_reason;
  if (want.netboot) {
    EXPECT_EQ(c.arch, want.arch);
    EXPECT_EQ(c.client_type, want.type);
    EXPECT_EQ(c.ipxe, want.ipxe);
  }

  BootSettings settings;
  settings.ip_for_packet = *Ipv4Address::parse("192.0.2.1");
  settings.tftp_ip = *Ipv4Address::parse("192.0.2.1");
  settings.http_binary_host = "192.0.2.1";
  settings.script_url = "http://192.0.2.1:8080/auto.ipxe";
  auto backend = std::make_shared<TestBackend>();
  auto& machine = backend->add("52:54:00:12:34:56");
  machine.dhcp.ip = *Ipv4Address::parse("192.0.2.100");
  machine.dhcp.subnet_mask = *Ipv4Address::parse("255.255.255.0");
  machine.netboot.allow_pxe = true;
  ReservationHandler handler(backend, settings);
  auto decision = handler.handle(request, {});
  ASSERT_TRUE(decision.reply) << decision.outcome << ": " << decision.detail;
  EXPECT_EQ(decision.reply->yiaddr.toString(), "192.0.2.100");
  EXPECT_EQ(decision.reply->file, want.boot_file);
}

INSTANTIATE_TEST_SUITE_P(
    Qemu, FirmwareCaptures,
    testing::Values(
        FirmwareCapture{"qemu-ipxe-rom-bios-discover.hex", 0, ClientType::PxeClient, true, true,
                        "http://192.0.2.1:8080/52:54:00:12:34:56/auto.ipxe"},
        FirmwareCapture{"ovmf-pxe-discover.hex", 7, ClientType::PxeClient, false, true, "ipxe.efi"},
        FirmwareCapture{"ovmf-pxe-request.hex", 7, ClientType::PxeClient, false, true, "ipxe.efi"},
        FirmwareCapture{"ovmf-httpclient-discover.hex", 16, ClientType::HttpClient, false, true,
                        "http://192.0.2.1:8080/ipxe/52:54:00:12:34:56/ipxe.efi"},
        FirmwareCapture{"ipxe-efi-discover.hex", 7, ClientType::PxeClient, true, true,
                        "http://192.0.2.1:8080/52:54:00:12:34:56/auto.ipxe"},
        FirmwareCapture{"undionly-kpxe-discover.hex", 0, ClientType::PxeClient, true, true,
                        "http://192.0.2.1:8080/52:54:00:12:34:56/auto.ipxe"},
        FirmwareCapture{"linux-udhcpc-discover.hex", 0, ClientType::None, false, false, ""}),
    [](const testing::TestParamInfo<FirmwareCapture>& info) {
      std::string name = info.param.file;
      name = name.substr(0, name.find('.'));
      for (char& ch : name) {
        if (ch == '-') ch = '_';
      }
      return name;
    });

TEST(Captures, EveryFirmwareCaptureRefusesEveryTruncation) {
  for (const char* name :
       {"qemu-ipxe-rom-bios-discover.hex", "ovmf-pxe-discover.hex", "ovmf-pxe-request.hex",
        "ovmf-httpclient-discover.hex", "ipxe-efi-discover.hex", "undionly-kpxe-discover.hex",
        "linux-udhcpc-discover.hex"}) {
    auto bytes = loadCapture(name);
    ASSERT_GT(bytes.size(), dhcp4::kHeaderSize + 4) << name;
    std::size_t end = dhcp4::kHeaderSize + 4;
    while (end < bytes.size() && bytes[end] != dhcp4::opt::kEnd) {
      end += bytes[end] == 0 ? 1 : 2 + bytes[end + 1];
    }
    for (std::size_t n = 0; n <= end && n < bytes.size(); ++n) {
      EXPECT_TRUE(
          std::holds_alternative<dhcp4::DecodeError>(dhcp4::Packet::decode({bytes.data(), n})))
          << name << " cut at " << n;
    }
  }
}

}  // namespace
}  // namespace smee::dhcp
