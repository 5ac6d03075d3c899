#include "smee/net/ipv4.h"

#include <charconv>

namespace smee {

std::optional<Ipv4Address> Ipv4Address::parse(std::string_view text) {
  std::uint32_t value = 0;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (p == end || *p != '.') return std::nullopt;
      ++p;
    }
    // Refuse leading zeros ("010") and signs: inet_aton would read them as
    // octal or accept them, which surprises operators.
    if (p == end || *p < '0' || *p > '9') return std::nullopt;
    if (*p == '0' && p + 1 != end && p[1] >= '0' && p[1] <= '9') return std::nullopt;
    unsigned octet = 0;
    auto [next, ec] = std::from_chars(p, end, octet);
    if (ec != std::errc() || octet > 255 || next - p > 3) return std::nullopt;
    p = next;
    value = (value << 8) | octet;
  }
  if (p != end) return std::nullopt;
  return Ipv4Address(value);
}

std::string Ipv4Address::toString() const {
  return std::to_string(value_ >> 24) + '.' + std::to_string((value_ >> 16) & 0xff) + '.' +
         std::to_string((value_ >> 8) & 0xff) + '.' + std::to_string(value_ & 0xff);
}

namespace {
std::uint32_t maskOf(int length) { return length == 0 ? 0 : ~std::uint32_t{0} << (32 - length); }
}  // namespace

std::optional<Ipv4Prefix> Ipv4Prefix::parse(std::string_view text) {
  auto slash = text.find('/');
  auto address = Ipv4Address::parse(text.substr(0, slash));
  if (!address) return std::nullopt;
  int length = 32;
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 2) return std::nullopt;
    auto [next, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
    if (ec != std::errc() || next != digits.data() + digits.size() || length < 0 || length > 32) {
      return std::nullopt;
    }
  }
  return Ipv4Prefix{Ipv4Address(address->value() & maskOf(length)), length};
}

bool Ipv4Prefix::contains(Ipv4Address address) const {
  return (address.value() & maskOf(length)) == network.value();
}

std::string Ipv4Prefix::toString() const {
  return network.toString() + '/' + std::to_string(length);
}

std::optional<int> netmaskPrefixLength(Ipv4Address mask) {
  std::uint32_t v = mask.value();
  int length = 0;
  while (length < 32 && (v & (0x80000000u >> length))) ++length;
  if (maskOf(length) != v) return std::nullopt;
  return length;
}

}  // namespace smee
