#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smee/net/ipv4.h"

namespace smee::http {

// An IPv4 or IPv6 address as X-Forwarded-For and trusted_proxies carry it.
// An IPv4-mapped IPv6 address (::ffff:192.0.2.1) is that IPv4 address, as
// Go's net.IP has it, so a dual-stack proxy writing either form is the same.
class IpAddress {
 public:
  static IpAddress fromIpv4(Ipv4Address address);
  // A dotted quad or any RFC 4291 text form; no zone ("%eth0"), no brackets.
  static std::optional<IpAddress> parse(std::string_view text);

  bool isIpv4() const { return ipv4_; }
  // The IPv4 address, for an IPv4 (or IPv4-mapped) address only.
  std::optional<Ipv4Address> ipv4() const;
  // Bits in this family: 32 or 128.
  int bits() const { return ipv4_ ? 32 : 128; }
  // Bit `i` of the address in its family, from the most significant.
  bool bit(int i) const;
  std::string toString() const;

  bool operator==(const IpAddress&) const = default;

 private:
  std::array<std::uint8_t, 16> bytes_{};  // IPv4 is held as ::ffff:a.b.c.d
  bool ipv4_ = false;
};

// 10.0.0.0/8, 2001:db8::/32, or a bare address (/32, /128). A prefix matches
// addresses of its own family only, as in Go's net.IPNet.
struct IpPrefix {
  IpAddress network;
  int length = 0;

  static std::optional<IpPrefix> parse(std::string_view text);
  bool contains(const IpAddress& address) const;
};

// X-Forwarded-For honoured only from trusted proxies (spec 5.7, after
// sebest/xff): walking the list from the right, the first address that is
// not itself a trusted proxy is the client. IPv4 and IPv6 alike, as in Smee.
class TrustedProxies {
 public:
  // Entries are CIDRs or bare addresses, IPv4 or IPv6;
  // throws ConfigError("trusted_proxies").
  explicit TrustedProxies(const std::vector<std::string>& entries);
  bool trusted(const IpAddress& address) const;
  bool trusted(Ipv4Address address) const { return trusted(IpAddress::fromIpv4(address)); }
  // The client behind `peer`, IPv4 or IPv6.
  IpAddress clientAddress(const IpAddress& peer, const std::string& forwarded_for) const;
  // For callers that know IPv4 only (hardware is looked up by IPv4): a
  // client that has no IPv4 address comes back as 0.0.0.0, which no
  // hardware has. Never the proxy's address: that would answer for the
  // wrong machine.
  Ipv4Address clientOf(Ipv4Address peer, const std::string& forwarded_for) const;
  bool empty() const { return prefixes_.empty(); }

 private:
  std::vector<IpPrefix> prefixes_;
};

}  // namespace smee::http
