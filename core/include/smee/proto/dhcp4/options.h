#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "smee/export.h"
#include "smee/net/ipv4.h"

namespace smee::dhcp4 {

// Option codes smeed reads or writes (RFC 2132 and friends).
namespace opt {
inline constexpr std::uint8_t kPad = 0;
inline constexpr std::uint8_t kSubnetMask = 1;
inline constexpr std::uint8_t kRouter = 3;
inline constexpr std::uint8_t kDomainNameServer = 6;
inline constexpr std::uint8_t kLogServer = 7;
inline constexpr std::uint8_t kHostName = 12;
inline constexpr std::uint8_t kDomainName = 15;
inline constexpr std::uint8_t kBroadcastAddress = 28;
inline constexpr std::uint8_t kNtpServers = 42;
inline constexpr std::uint8_t kVendorSpecific = 43;
inline constexpr std::uint8_t kRequestedIp = 50;
inline constexpr std::uint8_t kLeaseTime = 51;
inline constexpr std::uint8_t kOverload = 52;
inline constexpr std::uint8_t kMessageType = 53;
inline constexpr std::uint8_t kServerId = 54;
inline constexpr std::uint8_t kParameterRequestList = 55;
inline constexpr std::uint8_t kMaxMessageSize = 57;
inline constexpr std::uint8_t kClassId = 60;
inline constexpr std::uint8_t kClientId = 61;
inline constexpr std::uint8_t kTftpServerName = 66;
inline constexpr std::uint8_t kBootFileName = 67;
inline constexpr std::uint8_t kUserClass = 77;
inline constexpr std::uint8_t kRelayAgentInfo = 82;
inline constexpr std::uint8_t kClientArch = 93;
inline constexpr std::uint8_t kClientNdi = 94;
inline constexpr std::uint8_t kClientGuid = 97;
inline constexpr std::uint8_t kDomainSearch = 119;
inline constexpr std::uint8_t kClasslessRoutes = 121;
inline constexpr std::uint8_t kIpxeEncapsulated = 175;
inline constexpr std::uint8_t kEnd = 255;
}  // namespace opt

enum class MessageType : std::uint8_t {
  Discover = 1,
  Offer = 2,
  Request = 3,
  Decline = 4,
  Ack = 5,
  Nak = 6,
  Release = 7,
  Inform = 8,
};

SMEE_API std::string_view messageTypeName(MessageType type);

struct Option {
  std::uint8_t code = 0;
  std::vector<std::uint8_t> data;
};

// Options as raw bytes with typed accessors (dnsmasq's and insomniacslk's
// model): one entry per code, values of repeated codes already
// concatenated (RFC 3396). Getters enforce a minimum size, so a short or
// malformed option reads as absent rather than as garbage.
//
// clear() keeps the removed entries' buffers and the setters below reuse
// them, so one Options refilled packet after packet stops allocating once
// its buffers have grown (the DHCP server's packet path relies on that).
class SMEE_API Options {
 public:
  const std::vector<std::uint8_t>* find(std::uint8_t code) const;
  bool has(std::uint8_t code) const { return find(code) != nullptr; }
  // Replaces any existing value of `code`.
  void set(std::uint8_t code, std::vector<std::uint8_t> data);
  // As set(), copying into a reused buffer instead of taking a vector.
  void assign(std::uint8_t code, std::span<const std::uint8_t> data);
  void setU8(std::uint8_t code, std::uint8_t value);
  void setString(std::uint8_t code, std::string_view text);
  void setIpv4(std::uint8_t code, Ipv4Address address);
  void setIpv4List(std::uint8_t code, const std::vector<Ipv4Address>& addresses);
  void setU32(std::uint8_t code, std::uint32_t value);
  void remove(std::uint8_t code);
  // Removes every option, keeping their buffers for the next values.
  void clear();
  // Appends to an existing value (RFC 3396 concatenation while decoding).
  void append(std::uint8_t code, std::span<const std::uint8_t> data);

  std::optional<MessageType> messageType() const;
  std::optional<Ipv4Address> ipv4(std::uint8_t code) const;
  std::optional<std::uint32_t> u32(std::uint8_t code) const;
  std::optional<std::uint16_t> u16(std::uint8_t code) const;
  std::optional<std::uint8_t> u8(std::uint8_t code) const;
  // The raw bytes as text ("" when absent).
  std::string text(std::uint8_t code) const;
  // Big-endian uint16 list (option 93); empty when absent or odd length.
  std::vector<std::uint16_t> u16List(std::uint8_t code) const;

  const std::vector<Option>& all() const { return options_; }
  bool empty() const { return options_.empty(); }

 private:
  // The entry for `code`, emptied, or a new one (a spare buffer when there is one).
  std::vector<std::uint8_t>& slot(std::uint8_t code);
  std::vector<Option> options_;
  std::vector<Option> spare_;  // cleared entries whose buffers are reused
};

}  // namespace smee::dhcp4
