#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "smee/export.h"

namespace smee {

// An IPv4 address held in host byte order.
class SMEE_API Ipv4Address {
 public:
  constexpr Ipv4Address() = default;
  constexpr explicit Ipv4Address(std::uint32_t host_order) : value_(host_order) {}

  // Strict dotted quad ("192.0.2.1"); no shorthand forms, no trailing text.
  static std::optional<Ipv4Address> parse(std::string_view text);

  std::string toString() const;
  constexpr std::uint32_t value() const { return value_; }
  constexpr bool isUnspecified() const { return value_ == 0; }

  auto operator<=>(const Ipv4Address&) const = default;

 private:
  std::uint32_t value_ = 0;
};

// An IPv4 prefix such as 10.0.0.0/8. A bare address parses as /32.
struct SMEE_API Ipv4Prefix {
  Ipv4Address network;
  int length = 32;

  static std::optional<Ipv4Prefix> parse(std::string_view text);
  bool contains(Ipv4Address address) const;
  std::string toString() const;
  auto operator<=>(const Ipv4Prefix&) const = default;
};

// Number of leading one bits if `mask` is a contiguous netmask, else nullopt.
SMEE_API std::optional<int> netmaskPrefixLength(Ipv4Address mask);

}  // namespace smee
