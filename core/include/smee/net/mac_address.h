#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "smee/export.h"

namespace smee {

// A 48-bit Ethernet address. Canonical text is lower-case colon form
// (aa:bb:cc:dd:ee:ff), the form Smee uses in URLs, logs and lookups.
class SMEE_API MacAddress {
 public:
  enum class Format { Colon, Dash, Dot, NoDelimiter };

  MacAddress() = default;
  explicit MacAddress(const std::array<std::uint8_t, 6>& bytes) : bytes_(bytes) {}

  // Accepts aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff and
  // aabbccddeeff, in any letter case. Anything else is nullopt.
  static std::optional<MacAddress> parse(std::string_view text);

  std::string toString(Format format = Format::Colon) const;
  const std::array<std::uint8_t, 6>& bytes() const { return bytes_; }

  auto operator<=>(const MacAddress&) const = default;

 private:
  std::array<std::uint8_t, 6> bytes_{};
};

}  // namespace smee

template <>
struct std::hash<smee::MacAddress> {
  std::size_t operator()(const smee::MacAddress& mac) const noexcept {
    std::uint64_t v = 0;
    for (auto b : mac.bytes()) {
      v = (v << 8) | b;
    }
    return std::hash<std::uint64_t>{}(v);
  }
};
