#include <gtest/gtest.h>

#include "smee/proto/dhcp4/packet.h"

namespace smee::dhcp4 {
namespace {

Packet sampleDiscover() {
  Packet p;
  p.xid = 0xdeadbeef;
  p.flags = kBroadcastFlag;
  p.setMac(*MacAddress::parse("52:54:00:12:34:56"));
  p.options.set(opt::kMessageType, {1});
  p.options.setString(opt::kClassId, "PXEClient:Arch:00000:UNDI:002001");
  p.options.set(opt::kClientArch, {0x00, 0x07});
  p.options.set(opt::kClientNdi, {1, 2, 1});
  p.options.setString(opt::kUserClass, "iPXE");
  return p;
}

Packet decodeOk(const std::vector<std::uint8_t>& bytes) {
  auto result = Packet::decode(bytes);
  if (auto* error = std::get_if<DecodeError>(&result)) {
    ADD_FAILURE() << "decode failed: " << decodeErrorName(*error);
    return {};
  }
  return std::get<Packet>(result);
}

TEST(Dhcp4Packet, RoundTripsHeaderAndOptions) {
  Packet p = sampleDiscover();
  p.ciaddr = *Ipv4Address::parse("192.0.2.7");
  p.giaddr = *Ipv4Address::parse("198.51.100.1");
  p.hops = 1;
  p.secs = 4;
  p.file = "undionly.kpxe";
  p.sname = "192.0.2.1";
  auto bytes = p.encode();
  EXPECT_EQ(bytes.size(), kMinPacketSize);
  Packet q = decodeOk(bytes);
  EXPECT_EQ(q.xid, 0xdeadbeefu);
  EXPECT_TRUE(q.broadcast());
  EXPECT_EQ(q.mac().toString(), "52:54:00:12:34:56");
  EXPECT_EQ(q.ciaddr.toString(), "192.0.2.7");
  EXPECT_EQ(q.giaddr.toString(), "198.51.100.1");
  EXPECT_EQ(q.hops, 1);
  EXPECT_EQ(q.secs, 4);
  EXPECT_EQ(q.file, "undionly.kpxe");
  EXPECT_EQ(q.sname, "192.0.2.1");
  EXPECT_EQ(q.options.messageType(), MessageType::Discover);
  EXPECT_EQ(q.options.text(opt::kUserClass), "iPXE");
  EXPECT_EQ(q.options.u16List(opt::kClientArch), std::vector<std::uint16_t>{7});
  EXPECT_EQ(q.encode(), bytes);
}

TEST(Dhcp4Packet, OptionsAreSortedWithRelayInfoLastAndEndThenPadding) {
  Packet p;
  p.options.set(opt::kRelayAgentInfo, {1, 2, 'a', 'b'});
  p.options.setString(opt::kClassId, "PXEClient");
  p.options.set(opt::kMessageType, {2});
  p.options.set(opt::kClientGuid, {});
  auto bytes = p.encode();
  std::vector<std::uint8_t> expected = {99,  130, 83,  99,  53,  1,   2,   60,  9,
                                        'P', 'X', 'E', 'C', 'l', 'i', 'e', 'n', 't',
                                        97,  0,   82,  4,   1,   2,   'a', 'b', 255};
  ASSERT_GE(bytes.size(), kHeaderSize + expected.size());
  EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin() + kHeaderSize,
                                      bytes.begin() + kHeaderSize + expected.size()),
            expected);
  for (std::size_t i = kHeaderSize + expected.size(); i < bytes.size(); ++i) EXPECT_EQ(bytes[i], 0);
}

TEST(Dhcp4Packet, LongValuesAreSplitAndConcatenatedAgain) {
  Packet p;
  p.options.set(opt::kMessageType, {1});
  std::vector<std::uint8_t> big(600);
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>(i);
  p.options.set(opt::kVendorSpecific, big);
  auto bytes = p.encode();
  // 600 bytes = 255 + 255 + 90, three instances of option 43.
  std::size_t instances = 0;
  for (std::size_t i = kHeaderSize + 4; i < bytes.size() && bytes[i] != 255;) {
    if (bytes[i] == opt::kVendorSpecific) ++instances;
    i += 2 + bytes[i + 1];
  }
  EXPECT_EQ(instances, 3u);
  EXPECT_EQ(*decodeOk(bytes).options.find(opt::kVendorSpecific), big);
}

TEST(Dhcp4Packet, LongBootFileGoesToOption67InsteadOfBeingCut) {
  Packet p;
  p.options.set(opt::kMessageType, {2});
  p.file = "http://boot.example.test:8080/" + std::string(120, 'x') + "/auto.ipxe";
  Packet q = decodeOk(p.encode());
  EXPECT_EQ(q.file, "");
  EXPECT_EQ(q.options.text(opt::kBootFileName), p.file);
  p.file = std::string(127, 'y');
  EXPECT_EQ(decodeOk(p.encode()).file, p.file);
}

TEST(Dhcp4Packet, TruncationAnywhereBeforeEndIsAnError) {
  auto bytes = sampleDiscover().encode();
  std::size_t end = kHeaderSize + 4;
  while (bytes[end] != opt::kEnd) end += 2 + bytes[end + 1];
  for (std::size_t n = 0; n <= end; ++n) {
    std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_TRUE(std::holds_alternative<DecodeError>(Packet::decode(cut))) << "length " << n;
  }
  EXPECT_EQ(std::get<DecodeError>(Packet::decode({bytes.data(), 100})), DecodeError::TooShort);
  EXPECT_EQ(std::get<DecodeError>(Packet::decode({bytes.data(), kHeaderSize + 2})),
            DecodeError::NoMagicCookie);
  EXPECT_EQ(std::get<DecodeError>(Packet::decode({bytes.data(), kHeaderSize + 4})),
            DecodeError::NoEndOption);
  EXPECT_EQ(std::get<DecodeError>(Packet::decode({bytes.data(), kHeaderSize + 6})),
            DecodeError::TruncatedOption);
}

TEST(Dhcp4Packet, OverloadedFileAndSnameCarryOptions) {
  Packet p;
  p.options.set(opt::kMessageType, {1});
  p.options.set(opt::kOverload, {3});
  auto bytes = p.encode();
  // file area: option 12 "host", End; sname area: option 15 "dom", End.
  const std::uint8_t file_area[] = {12, 4, 'h', 'o', 's', 't', 255};
  const std::uint8_t sname_area[] = {15, 3, 'd', 'o', 'm', 255};
  std::copy(std::begin(file_area), std::end(file_area), bytes.begin() + 108);
  std::copy(std::begin(sname_area), std::end(sname_area), bytes.begin() + 44);
  Packet q = decodeOk(bytes);
  EXPECT_EQ(q.options.text(opt::kHostName), "host");
  EXPECT_EQ(q.options.text(opt::kDomainName), "dom");
  EXPECT_EQ(q.file, "");
  bytes[kHeaderSize + 4 + 2] = 9;  // option 52 comes first; this is its value
  EXPECT_EQ(std::get<DecodeError>(Packet::decode(bytes)), DecodeError::BadOverload);
}

TEST(Dhcp4Packet, HardwareLengthIsClampedAndShortOptionsReadAsAbsent) {
  auto bytes = sampleDiscover().encode();
  bytes[2] = 200;
  Packet q = decodeOk(bytes);
  EXPECT_EQ(q.hlen, 16);
  Options o;
  o.set(opt::kServerId, {1, 2, 3});
  o.set(opt::kMessageType, {42});
  EXPECT_FALSE(o.ipv4(opt::kServerId));
  EXPECT_FALSE(o.messageType());
  o.set(opt::kClientArch, {0, 7, 0});
  EXPECT_TRUE(o.u16List(opt::kClientArch).empty());
}

TEST(Dhcp4Packet, RandomBytesNeverCrashTheDecoder) {
  std::uint32_t state = 12345;
  auto next = [&] {
    state = state * 1103515245u + 12345u;
    return static_cast<std::uint8_t>(state >> 16);
  };
  auto base = sampleDiscover().encode();
  for (int round = 0; round < 2000; ++round) {
    auto bytes = base;
    for (int flips = next() % 8; flips >= 0; --flips) bytes[next() % bytes.size()] = next();
    bytes.resize(next() % 2 ? bytes.size() : kHeaderSize + next() % 64);
    auto result = Packet::decode(bytes);
    if (auto* p = std::get_if<Packet>(&result)) p->encode();
  }
}

}  // namespace
}  // namespace smee::dhcp4
