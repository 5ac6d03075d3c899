#include <gtest/gtest.h>

#include <random>

#include "magic_string.h"
#include "patch_string.h"
#include "range_request.h"
#include "stream_patcher.h"

namespace smee::iso {
namespace {

HardwareRecord machine(const std::string& mac_text) {
  HardwareRecord hw;
  hw.dhcp.mac = *MacAddress::parse(mac_text);
  return hw;
}

PatchSettings smeeTestSettings() {
  PatchSettings s;
  s.syslog_host = "127.0.0.1:514";
  s.tink_server = "127.0.0.1:42113";
  return s;
}

TEST(MagicString, IsSmeesDefault) {
  EXPECT_EQ(kDefaultMagicString.size(), 1024u);
  EXPECT_EQ(kDefaultMagicString.substr(0, 32), "464vn90e7rbj08xbwdjejmdf4it17c5z");
  EXPECT_EQ(kDefaultMagicString.substr(1024 - 16), "tcddamjrwt260b0w");
  EXPECT_FALSE(overlapsItself(kDefaultMagicString));
}

// The golden line of Smee's iso_test.go TestPatching, with its double spaces.
TEST(PatchString, MatchesSmeesGolden) {
  HardwareRecord hw = machine("de:ed:be:ef:fe:ed");
  hw.netboot.facility = "test";
  EXPECT_EQ(buildPatch(hw, smeeTestSettings()),
            " facility=test console=ttyAMA0 console=ttyS0 console=tty0 console=tty1 console=ttyS1  "
            "hw_addr=de:ed:be:ef:fe:ed syslog_host=127.0.0.1:514 grpc_authority=127.0.0.1:42113 "
            "tinkerbell_tls=false worker_id=de:ed:be:ef:fe:ed");
}

TEST(PatchString, ConsoleRules) {
  EXPECT_EQ(consoleArgs(""),
            "console=ttyAMA0 console=ttyS0 console=tty0 console=tty1 console=ttyS1");
  EXPECT_EQ(consoleArgs("sv15"),
            "facility=sv15 console=ttyAMA0 console=ttyS0 console=tty0 console=tty1 console=ttyS1");
  EXPECT_EQ(consoleArgs("x console=ttyS2,115200"), "facility=x console=ttyS2,115200");
}

TEST(PatchString, ExtraArgsVlanTlsAndIpam) {
  HardwareRecord hw = machine("02:7f:92:bd:2d:57");
  hw.dhcp.vlan_id = "400";
  PatchSettings s = smeeTestSettings();
  s.extra_kernel_args = splitArgs("  a=1   b=2 ");
  s.tink_server_tls = true;
  s.static_ipam = true;
  EXPECT_EQ(
      buildPatch(hw, s),
      "a=1 b=2 console=ttyAMA0 console=ttyS0 console=tty0 console=tty1 console=ttyS1 vlan_id=400 "
      "hw_addr=02:7f:92:bd:2d:57 syslog_host=127.0.0.1:514 grpc_authority=127.0.0.1:42113 "
      "tinkerbell_tls=true worker_id=02:7f:92:bd:2d:57 ipam=02-7f-92-bd-2d-57:400:::::::");
}

// Smee's TestParseIPAM "everything" case.
TEST(PatchString, StaticIpamEverything) {
  HardwareRecord hw = machine("de:ed:be:ef:fe:ed");
  hw.dhcp.ip = Ipv4Address::parse("127.0.0.1");
  hw.dhcp.subnet_mask = Ipv4Address::parse("255.255.255.0");
  hw.dhcp.default_gateway = Ipv4Address::parse("127.0.0.2");
  hw.dhcp.name_servers = {*Ipv4Address::parse("1.1.1.1"), *Ipv4Address::parse("4.4.4.4")};
  hw.dhcp.hostname = "myhost";
  hw.dhcp.ntp_servers = {*Ipv4Address::parse("129.6.15.28"), *Ipv4Address::parse("129.6.15.29")};
  hw.dhcp.domain_search = {"example.com", "example.org"};
  hw.dhcp.vlan_id = "400";
  EXPECT_EQ(staticIpamArg(hw),
            "ipam=de-ed-be-ef-fe-ed:400:127.0.0.1:255.255.255.0:127.0.0.2:myhost:1.1.1.1,4.4.4.4:"
            "example.com,example.org:129.6.15.28,129.6.15.29");
  EXPECT_EQ(staticIpamArg(machine("de:ed:be:ef:fe:ed")), "ipam=de-ed-be-ef-fe-ed::::::::");
}

TEST(StreamPatcher, PaddedReplacementRefusesWhatDoesNotFit) {
  EXPECT_EQ(paddedReplacement("ab", 4), "ab  ");
  EXPECT_EQ(paddedReplacement("abcd", 4), "abcd");
  EXPECT_EQ(paddedReplacement("abcde", 4), "");
}

TEST(StreamPatcher, OverwriteOverlapTouchesOnlyTheOccurrence) {
  std::string buffer = "0123456789";
  overwriteOverlap({buffer.data(), buffer.size()}, 100, 98, "ABCDE");  // covers 98..102
  EXPECT_EQ(buffer, "CDE3456789");
  buffer = "0123456789";
  overwriteOverlap({buffer.data(), buffer.size()}, 100, 108, "ABCDE");  // covers 108..112
  EXPECT_EQ(buffer, "01234567AB");
  buffer = "0123456789";
  overwriteOverlap({buffer.data(), buffer.size()}, 100, 110, "ABCDE");
  EXPECT_EQ(buffer, "0123456789");
}

TEST(StreamPatcher, SelfOverlappingMarkersAreDetected) {
  EXPECT_TRUE(overlapsItself("abab"));
  EXPECT_TRUE(overlapsItself("aXa"));
  EXPECT_FALSE(overlapsItself("abc"));
  EXPECT_FALSE(overlapsItself("a"));
}

// An image with the marker at `at` (and a second copy later), and what it
// must look like patched.
struct Image {
  std::string original, patched;
};

Image makeImage(const std::string& marker, const std::string& replacement, std::size_t size,
                std::vector<std::size_t> at) {
  std::mt19937 random(7);
  Image image;
  image.original.resize(size);
  for (auto& c : image.original)
    c = static_cast<char>('A' + random() % 26);  // never the marker's letters
  image.patched = image.original;
  for (auto a : at) {
    image.original.replace(a, marker.size(), marker);
    image.patched.replace(a, marker.size(), replacement);
  }
  return image;
}

std::string streamAll(const std::string& marker, const std::string& replacement,
                      const std::string& input, std::uint64_t first, std::uint64_t emit_first,
                      std::uint64_t emit_end, std::size_t read_size) {
  StreamPatcher patcher(marker, replacement, first, emit_first, emit_end);
  std::string out;
  auto sink = [&out](const char* d, std::size_t n) {
    out.append(d, n);
    return true;
  };
  for (std::size_t i = 0; i < input.size(); i += read_size) {
    patcher.feed(input.data() + i, std::min(read_size, input.size() - i), sink);
  }
  patcher.finish(sink);
  return out;
}

TEST(StreamPatcher, EveryReadSizeGivesTheSameImage) {
  const std::string marker = "m0123456789xyz",
                    replacement = paddedReplacement("k=v", marker.size());
  // At the very start, in the middle and at the very end.
  Image image = makeImage(marker, replacement, 300, {0, 40, 200, 300 - marker.size()});
  for (std::size_t read = 1; read <= image.original.size(); ++read) {
    ASSERT_EQ(streamAll(marker, replacement, image.original, 0, 0, StreamPatcher::kToEnd, read),
              image.patched)
        << "read size " << read;
  }
}

TEST(StreamPatcher, EveryRangeAroundTheMarkerIsThePatchedSlice) {
  const std::string marker = "m0123456789xyz",
                    replacement = paddedReplacement("k=v", marker.size());
  Image image = makeImage(marker, replacement, 120, {50});
  const std::size_t margin = marker.size() - 1;
  for (std::size_t a = 30; a < 80; ++a) {
    for (std::size_t b = a; b < 90; b += 3) {
      // What a widened upstream request returns, read in odd pieces.
      std::size_t from = a > margin ? a - margin : 0;
      std::size_t to = std::min(b + margin, image.original.size() - 1);
      std::string window = image.original.substr(from, to - from + 1);
      ASSERT_EQ(streamAll(marker, replacement, window, from, a, b + 1, 5),
                image.patched.substr(a, b - a + 1))
          << "range " << a << "-" << b;
    }
  }
}

TEST(StreamPatcher, StopsWhenTheSinkRefuses) {
  StreamPatcher patcher("xyz", "abc");
  int calls = 0;
  auto sink = [&calls](const char*, std::size_t) { return ++calls < 2; };
  std::string data(100, '.');
  EXPECT_TRUE(patcher.feed(data.data(), 10, sink));
  EXPECT_FALSE(patcher.feed(data.data(), 10, sink));
}

TEST(RangeRequest, WidensByTheMargin) {
  EXPECT_EQ(widenedRangeHeader({ClientRange::Kind::FromTo, 5000, 6000, 0}, 1023),
            "bytes=3977-7023");
  EXPECT_EQ(widenedRangeHeader({ClientRange::Kind::FromTo, 100, 200, 0}, 1023), "bytes=0-1223");
  EXPECT_EQ(widenedRangeHeader({ClientRange::Kind::From, 5000, 0, 0}, 1023), "bytes=3977-");
  EXPECT_EQ(widenedRangeHeader({ClientRange::Kind::Suffix, 0, 0, 10}, 1023), "bytes=-1033");
}

TEST(RangeRequest, ContentRange) {
  auto cr = parseContentRange("bytes 3977-7023/100000");
  ASSERT_TRUE(cr);
  EXPECT_EQ(cr->first, 3977u);
  EXPECT_EQ(cr->last, 7023u);
  EXPECT_EQ(*cr->total, 100000u);
  EXPECT_FALSE(parseContentRange("bytes 3977-7023/*")->total);
  for (const char* bad :
       {"bytes */100", "bytes 5-1/10", "bytes 1-10/10", "items 1-2/3", "bytes 1-2", ""}) {
    EXPECT_FALSE(parseContentRange(bad)) << bad;
  }
}

TEST(RangeRequest, ClientSliceWithinWhatUpstreamSent) {
  Slice s;
  ContentRange sent{3977, 7023, 100000};
  ASSERT_EQ(clientSlice({ClientRange::Kind::FromTo, 5000, 6000, 0}, sent, s), SliceResult::Ok);
  EXPECT_EQ(s.first, 5000u);
  EXPECT_EQ(s.last, 6000u);
  ContentRange tail{98977, 99999, 100000};
  ASSERT_EQ(clientSlice({ClientRange::Kind::Suffix, 0, 0, 10}, tail, s), SliceResult::Ok);
  EXPECT_EQ(s.first, 99990u);
  EXPECT_EQ(s.last, 99999u);
  ASSERT_EQ(clientSlice({ClientRange::Kind::FromTo, 99500, 200000, 0}, tail, s), SliceResult::Ok);
  EXPECT_EQ(s.last, 99999u);
  EXPECT_EQ(
      clientSlice({ClientRange::Kind::From, 100500, 0, 0}, ContentRange{99477, 99999, 100000}, s),
      SliceResult::Unsatisfiable);
  EXPECT_EQ(clientSlice({ClientRange::Kind::FromTo, 10, 20, 0}, ContentRange{15, 30, 100}, s),
            SliceResult::Inconsistent);
}

}  // namespace
}  // namespace smee::iso
