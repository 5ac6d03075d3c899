#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "smee/export.h"
#include "smee/net/ipv4.h"
#include "smee/net/mac_address.h"
#include "smee/proto/dhcp4/options.h"

namespace smee::dhcp4 {

inline constexpr std::size_t kHeaderSize = 236;     // fixed BOOTP header
inline constexpr std::size_t kMinPacketSize = 300;  // BOOTP minimum, replies are padded to it
inline constexpr std::uint16_t kBroadcastFlag = 0x8000;

enum class Op : std::uint8_t { BootRequest = 1, BootReply = 2 };

// Why a datagram is not a DHCPv4 packet: each is a counted drop reason.
enum class DecodeError {
  TooShort,         // less than the 236-byte header
  NoMagicCookie,    // header present but no 99.130.83.99 (plain BOOTP)
  TruncatedOption,  // an option's length runs past the end of its area
  NoEndOption,      // the options are not terminated by option 255
  BadOverload,      // option 52 with a value other than 1, 2 or 3
};

SMEE_API std::string_view decodeErrorName(DecodeError error);

// A DHCPv4 message (RFC 2131). Decoding and encoding are pure functions of
// bytes; decode never throws on network input.
struct SMEE_API Packet {
  Op op = Op::BootRequest;
  std::uint8_t htype = 1;
  std::uint8_t hlen = 6;
  std::uint8_t hops = 0;
  std::uint32_t xid = 0;
  std::uint16_t secs = 0;
  std::uint16_t flags = 0;
  Ipv4Address ciaddr, yiaddr, siaddr, giaddr;
  std::array<std::uint8_t, 16> chaddr{};
  std::string sname;  // at most 63 bytes on the wire
  std::string file;   // at most 127 bytes on the wire
  Options options;

  // chaddr as an Ethernet address (the first six bytes).
  MacAddress mac() const;
  void setMac(const MacAddress& mac);
  bool broadcast() const { return (flags & kBroadcastFlag) != 0; }

  // Header checks, cookie, RFC 3396 concatenation, option overload (52)
  // into `file` and `sname`; hlen is clamped to 16.
  static std::variant<Packet, DecodeError> decode(std::span<const std::uint8_t> bytes);
  // decode() into `out`, reusing its buffers (a server's packet path keeps
  // one Packet per thread). On an error `out` holds a partial packet.
  static std::optional<DecodeError> decodeInto(std::span<const std::uint8_t> bytes, Packet& out);

  // Every field back to its default, keeping the buffers (see Options).
  void clear();

  // Options in ascending code order with 82 last, values over 255 bytes
  // split into several instances (RFC 3396), End, padding to 300 bytes.
  // A `file` over 127 bytes or an `sname` over 63 bytes goes into option
  // 67 / 66 instead of being truncated (the header field keeps what fits
  // only when the option is also sent).
  std::vector<std::uint8_t> encode() const;
  // encode() into `out`, replacing its contents and reusing its capacity.
  void encodeInto(std::vector<std::uint8_t>& out) const;
};

}  // namespace smee::dhcp4
