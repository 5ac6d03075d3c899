#include "forwarded_for.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

#include "smee/errors.h"

namespace smee::http {
namespace {

std::string trimmed(std::string text) {
  while (!text.empty() && text.front() == ' ') text.erase(text.begin());
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

constexpr std::array<std::uint8_t, 12> kIpv4MappedPrefix = {0, 0, 0, 0, 0,    0,
                                                            0, 0, 0, 0, 0xff, 0xff};

// Splits "a, b,c" into trimmed hops, empty ones included (they stop the walk).
std::vector<std::string> hopsOf(const std::string& forwarded_for) {
  std::vector<std::string> hops;
  std::size_t start = 0;
  while (start <= forwarded_for.size()) {
    const auto comma = forwarded_for.find(',', start);
    hops.push_back(trimmed(forwarded_for.substr(
        start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return hops;
}

}  // namespace

IpAddress IpAddress::fromIpv4(Ipv4Address address) {
  IpAddress ip;
  std::copy(kIpv4MappedPrefix.begin(), kIpv4MappedPrefix.end(), ip.bytes_.begin());
  const std::uint32_t value = address.value();
  for (int i = 0; i < 4; ++i) ip.bytes_[12 + i] = static_cast<std::uint8_t>(value >> (24 - 8 * i));
  ip.ipv4_ = true;
  return ip;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (auto v4 = Ipv4Address::parse(text)) return fromIpv4(*v4);
  // inet_pton wants a terminated string; an IPv6 text is at most 45 chars.
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string terminated(text);
  IpAddress ip;
  if (::inet_pton(AF_INET6, terminated.c_str(), ip.bytes_.data()) != 1) return std::nullopt;
  ip.ipv4_ = std::equal(kIpv4MappedPrefix.begin(), kIpv4MappedPrefix.end(), ip.bytes_.begin());
  return ip;
}

std::optional<Ipv4Address> IpAddress::ipv4() const {
  if (!ipv4_) return std::nullopt;
  return Ipv4Address((std::uint32_t{bytes_[12]} << 24) | (std::uint32_t{bytes_[13]} << 16) |
                     (std::uint32_t{bytes_[14]} << 8) | std::uint32_t{bytes_[15]});
}

bool IpAddress::bit(int i) const {
  const int index = ipv4_ ? i + 96 : i;
  return (bytes_[index / 8] >> (7 - index % 8)) & 1;
}

std::string IpAddress::toString() const {
  if (ipv4_) return ipv4()->toString();
  char text[INET6_ADDRSTRLEN];
  ::inet_ntop(AF_INET6, bytes_.data(), text, sizeof text);
  return text;
}

std::optional<IpPrefix> IpPrefix::parse(std::string_view text) {
  const auto slash = text.find('/');
  const auto address = IpAddress::parse(text.substr(0, slash));
  if (!address) return std::nullopt;
  if (slash == std::string_view::npos) return IpPrefix{*address, address->bits()};
  const std::string_view digits = text.substr(slash + 1);
  int length = -1;
  const auto [next, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
  if (digits.empty() || digits.size() > 3 || ec != std::errc() ||
      next != digits.data() + digits.size()) {
    return std::nullopt;
  }
  // An IPv4-mapped network is an IPv4 one (::ffff:10.0.0.0/104 = 10.0.0.0/8),
  // as Go's net.ParseCIDR reads it.
  const bool mapped = address->isIpv4() && !Ipv4Address::parse(text.substr(0, slash));
  if (mapped) length -= 96;
  if (length < 0 || length > address->bits()) return std::nullopt;
  return IpPrefix{*address, length};
}

bool IpPrefix::contains(const IpAddress& address) const {
  if (address.isIpv4() != network.isIpv4()) return false;
  for (int i = 0; i < length; ++i) {
    if (address.bit(i) != network.bit(i)) return false;
  }
  return true;
}

TrustedProxies::TrustedProxies(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    auto prefix = IpPrefix::parse(trimmed(entry));
    if (!prefix) {
      throw ConfigError("trusted_proxies",
                        "'" + entry + "' is not an IPv4 or IPv6 address or CIDR");
    }
    prefixes_.push_back(*prefix);
  }
}

bool TrustedProxies::trusted(const IpAddress& address) const {
  for (const auto& p : prefixes_) {
    if (p.contains(address)) return true;
  }
  return false;
}

IpAddress TrustedProxies::clientAddress(const IpAddress& peer,
                                        const std::string& forwarded_for) const {
  if (forwarded_for.empty() || !trusted(peer)) return peer;
  const std::vector<std::string> hops = hopsOf(forwarded_for);
  IpAddress client = peer;
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    const auto ip = IpAddress::parse(*it);
    if (!ip) break;  // junk: the last address believed so far is the client
    client = *ip;
    if (!trusted(*ip)) break;
  }
  return client;
}

Ipv4Address TrustedProxies::clientOf(Ipv4Address peer, const std::string& forwarded_for) const {
  return clientAddress(IpAddress::fromIpv4(peer), forwarded_for).ipv4().value_or(Ipv4Address());
}

}  // namespace smee::http
