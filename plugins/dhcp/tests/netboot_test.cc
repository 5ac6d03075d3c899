#include <gtest/gtest.h>

#include "boot_settings.h"
#include "boot_target.h"
#include "classification.h"
#include "packet_builder.h"
#include "smee/errors.h"

namespace smee::dhcp {
namespace {

using dhcp4::MessageType;
namespace opt = dhcp4::opt;

MacAddress mac(const char* text) { return *MacAddress::parse(text); }

TEST(Classification, ReadsUserClassRawAndRfc3004) {
  dhcp4::Options o;
  o.setString(opt::kUserClass, "iPXE");
  EXPECT_EQ(userClassOf(o), "iPXE");
  o.set(opt::kUserClass, {4, 'i', 'P', 'X', 'E'});
  EXPECT_EQ(userClassOf(o), "iPXE");
  o.setString(opt::kUserClass, "Tinkerbell");
  EXPECT_EQ(userClassOf(o), "Tinkerbell");
  o.set(opt::kUserClass, {9, 'x'});
  EXPECT_EQ(userClassOf(o), std::string("\x09x"));
}

TEST(Classification, ArchitectureIsTheFirstNamedValueOrPiForced) {
  auto p = pxeRequest(MessageType::Discover, "52:54:00:00:00:01", "PXEClient", 0);
  p.options.set(opt::kClientArch, {0x00, 0x29, 0x00, 0x07});  // 41 is unnamed on the wire
  EXPECT_EQ(classify(p).arch, 7);
  p.options.set(opt::kClientArch, {0x00, 0x29});
  EXPECT_EQ(classify(p).arch, kUnknownArch);
  p.options.set(opt::kClientArch, {0x00});
  EXPECT_EQ(classify(p).arch, kUnknownArch);
  p.setMac(mac("d8:3a:dd:00:00:01"));
  EXPECT_EQ(classify(p).arch, kRaspberryPiArch);
  EXPECT_TRUE(classify(p).raspberry_pi);
}

TEST(Classification, NetbootClientNeedsSmeesOptions) {
  auto p = pxeRequest(MessageType::Discover, "52:54:00:00:00:01", "PXEClient:Arch:00000", 0);
  EXPECT_TRUE(classify(p).netboot_client);
  auto without = [&](std::uint8_t code) {
    auto q = p;
    q.options.remove(code);
    return classify(q).not_netboot_reason;
  };
  EXPECT_EQ(without(opt::kClassId), "option 60 does not start with PXEClient or HTTPClient");
  EXPECT_EQ(without(opt::kClientArch), "no option 93 (client architecture)");
  EXPECT_EQ(without(opt::kClientNdi), "no option 94 (network interface id)");
  EXPECT_EQ(without(opt::kClientGuid), "");
  auto q = p;
  q.options.set(opt::kClientGuid, {});
  EXPECT_TRUE(classify(q).netboot_client);
  q.options.setString(opt::kClassId, "MSFT 5.0");
  EXPECT_FALSE(classify(q).netboot_client);
  auto release = pxeRequest(MessageType::Release, "52:54:00:00:00:01", "PXEClient", 0);
  EXPECT_EQ(classify(release).not_netboot_reason, "message is neither DISCOVER nor REQUEST");
}

TEST(ArchBinaries, SmeeTableAndOverrides) {
  ArchBinaries b;
  EXPECT_EQ(b.binaryFor(0), "undionly.kpxe");
  EXPECT_EQ(b.binaryFor(7), "ipxe.efi");
  EXPECT_EQ(b.binaryFor(16), "ipxe.efi");
  EXPECT_EQ(b.binaryFor(11), "snp.efi");
  EXPECT_EQ(b.binaryFor(41), "snp.efi");
  EXPECT_EQ(b.binaryFor(12), "");
  EXPECT_EQ(b.binaryFor(255), "");
  b.applyOverrides({"7=snp-x86_64.efi", "20=undionly.kpxe"});
  EXPECT_EQ(b.binaryFor(7), "snp-x86_64.efi");
  EXPECT_EQ(b.binaryFor(20), "undionly.kpxe");
  for (const char* bad : {"7", "=x.efi", "7=", "x=y", "7=../x.efi", "70000=x"}) {
    EXPECT_THROW(b.applyOverrides({bad}), ConfigError) << bad;
  }
}

TEST(ScriptUrl, PrependMacAsSmeeDoes) {
  auto m = mac("40:15:ff:89:cc:0e");
  EXPECT_EQ(prependMac("http://1.2.3.4/auto.ipxe", m),
            "http://1.2.3.4/40:15:ff:89:cc:0e/auto.ipxe");
  EXPECT_EQ(prependMac("https://boot.netboot.xyz", m),
            "https://boot.netboot.xyz/40:15:ff:89:cc:0e");
  EXPECT_EQ(prependMac("http://h:8080/a/b/auto.ipxe?x=1", m),
            "http://h:8080/a/b/40:15:ff:89:cc:0e/auto.ipxe?x=1");
  EXPECT_EQ(composeScriptUrl("http", "1.2.3.4", 80, "/auto.ipxe"), "http://1.2.3.4/auto.ipxe");
  EXPECT_EQ(composeScriptUrl("https", "h", 443, "auto.ipxe"), "https://h/auto.ipxe");
  EXPECT_EQ(composeScriptUrl("http", "h", 8080, "/auto.ipxe"), "http://h:8080/auto.ipxe");
}

TEST(BootTarget, PrecedenceTinkerbellHttpIpxeThenBinary) {
  BootSettings s;
  s.tftp_ip = *Ipv4Address::parse("192.0.2.5");
  s.http_binary_host = "boot.example.test";  // a name: next server falls back
  s.ip_for_packet = *Ipv4Address::parse("192.0.2.1");
  Classification c;
  c.mac = mac("01:02:03:04:05:07");
  c.arch = 0;
  c.user_class = "Tinkerbell";
  c.client_type = ClientType::HttpClient;
  EXPECT_EQ(chooseBootTarget(c, s, "", "")->file, "/no-ipxe-script-defined");
  c.user_class = "";
  auto http = chooseBootTarget(c, s, "http://x/auto.ipxe", "");
  EXPECT_EQ(http->file, "http://boot.example.test:8080/ipxe/01:02:03:04:05:07/undionly.kpxe");
  EXPECT_EQ(http->next_server.toString(), "192.0.2.1");
  c.client_type = ClientType::PxeClient;
  c.user_class = "iPXE";
  s.ipxe_chain = true;
  EXPECT_EQ(chooseBootTarget(c, s, "", "")->file,
            "tftp://192.0.2.5:69/01:02:03:04:05:07/undionly.kpxe");
  c.user_class = "";
  auto bare = chooseBootTarget(c, s, "", "");
  EXPECT_EQ(bare->file, "undionly.kpxe");
  EXPECT_EQ(bare->next_server.toString(), "192.0.2.5");
  c.arch = 13;
  EXPECT_FALSE(chooseBootTarget(c, s, "", ""));
  EXPECT_EQ(chooseBootTarget(c, s, "", "custom.efi")->file, "custom.efi");
}

}  // namespace
}  // namespace smee::dhcp
