#include "smee/net/mac_address.h"

#include <cstdio>

#include "smee/hex_digit.h"

namespace smee {
namespace {

// Converts exactly 12 hex digits into an address.
std::optional<MacAddress> fromHexDigits(std::string_view digits) {
  if (digits.size() != 12) return std::nullopt;
  std::array<std::uint8_t, 6> bytes{};
  for (std::size_t i = 0; i < 12; ++i) {
    int v = hexDigitValue(digits[i]);
    if (v < 0) return std::nullopt;
    bytes[i / 2] = static_cast<std::uint8_t>((bytes[i / 2] << 4) | v);
  }
  return MacAddress(bytes);
}

// Removes the separators that parse() has already checked are in place.
std::string withoutSeparators(std::string_view text, char separator) {
  std::string digits;
  for (char c : text) {
    if (c != separator) digits.push_back(c);
  }
  return digits;
}

}  // namespace

std::optional<MacAddress> MacAddress::parse(std::string_view text) {
  switch (text.size()) {
    case 17:  // aa:bb:cc:dd:ee:ff or aa-bb-cc-dd-ee-ff
      if (text[2] != ':' && text[2] != '-') return std::nullopt;
      for (std::size_t i = 2; i < 17; i += 3) {
        if (text[i] != text[2]) return std::nullopt;
      }
      return fromHexDigits(withoutSeparators(text, text[2]));
    case 14:  // aabb.ccdd.eeff
      if (text[4] != '.' || text[9] != '.') return std::nullopt;
      return fromHexDigits(withoutSeparators(text, '.'));
    case 12:
      return fromHexDigits(text);
    default:
      return std::nullopt;
  }
}

std::string MacAddress::toString(Format format) const {
  const auto& b = bytes_;
  char buf[18];
  switch (format) {
    case Format::Colon:
    case Format::Dash: {
      char sep = format == Format::Colon ? ':' : '-';
      std::snprintf(buf, sizeof buf, "%02x%c%02x%c%02x%c%02x%c%02x%c%02x", b[0], sep, b[1], sep,
                    b[2], sep, b[3], sep, b[4], sep, b[5]);
      break;
    }
    case Format::Dot:
      std::snprintf(buf, sizeof buf, "%02x%02x.%02x%02x.%02x%02x", b[0], b[1], b[2], b[3], b[4],
                    b[5]);
      break;
    case Format::NoDelimiter:
      std::snprintf(buf, sizeof buf, "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4],
                    b[5]);
      break;
  }
  return buf;
}

}  // namespace smee
