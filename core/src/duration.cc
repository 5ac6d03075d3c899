// Go's time.ParseDuration, so that every duration a Smee user wrote in a flag
// (-tftp-timeout 1m30s) means the same to smeed; then the config rule on top.
#include <cstdint>
#include <optional>
#include <string>

#include "smee/config_schema.h"

namespace smee {

namespace {

using Nanos = std::uint64_t;
// Go's limit: |d| fits an int64 of nanoseconds (about 292 years), and the
// magnitude of a negative one may be one more.
constexpr Nanos kMaxMagnitude = Nanos{1} << 63;

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::optional<Nanos> unitNanos(std::string_view unit) {
  if (unit == "ns") return 1;
  // Go accepts the micro sign (U+00B5) and the Greek mu (U+03BC) as well.
  if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") return 1'000;
  if (unit == "ms") return 1'000'000;
  if (unit == "s") return 1'000'000'000;
  if (unit == "m") return 60'000'000'000;
  if (unit == "h") return 3'600'000'000'000;
  return std::nullopt;
}

// One "<number><unit>" term, consumed from the front of `rest`; its value in
// nanoseconds, or the reason it is not one.
struct Term {
  Nanos nanos = 0;
  std::string error;
};

Term takeTerm(std::string_view& rest, std::string_view whole) {
  const std::string invalid = "invalid duration " + quoted(whole);
  if (rest.empty() || !(isDigit(rest.front()) || rest.front() == '.')) return {0, invalid};

  Nanos whole_part = 0;
  bool has_digits = false;
  while (!rest.empty() && isDigit(rest.front())) {
    const Nanos digit = static_cast<Nanos>(rest.front() - '0');
    if (whole_part > (kMaxMagnitude - digit) / 10) return {0, invalid + ": out of range"};
    whole_part = whole_part * 10 + digit;
    has_digits = true;
    rest.remove_prefix(1);
  }
  // The fraction keeps as many digits as fit; like Go, later ones are
  // dropped rather than overflowing.
  Nanos fraction = 0;
  double scale = 1;
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    bool overflowed = false;
    while (!rest.empty() && isDigit(rest.front())) {
      has_digits = true;
      if (!overflowed && fraction <= (kMaxMagnitude - 10) / 10) {
        fraction = fraction * 10 + static_cast<Nanos>(rest.front() - '0');
        scale *= 10;
      } else {
        overflowed = true;
      }
      rest.remove_prefix(1);
    }
  }
  if (!has_digits) return {0, invalid};

  std::size_t unit_length = 0;
  while (unit_length < rest.size() && !isDigit(rest[unit_length]) && rest[unit_length] != '.') {
    ++unit_length;
  }
  if (unit_length == 0) {
    return {0, "missing unit in duration " + quoted(whole) + " (units: ns, us, ms, s, m, h)"};
  }
  const std::string_view unit = rest.substr(0, unit_length);
  rest.remove_prefix(unit_length);
  const std::optional<Nanos> per_unit = unitNanos(unit);
  if (!per_unit) {
    return {0, "unknown unit " + quoted(unit) + " in duration " + quoted(whole) +
                   " (units: ns, us, ms, s, m, h)"};
  }
  if (whole_part > kMaxMagnitude / *per_unit) return {0, invalid + ": out of range"};
  Nanos nanos = whole_part * *per_unit;
  if (fraction > 0) {
    nanos += static_cast<Nanos>(static_cast<double>(fraction) *
                                (static_cast<double>(*per_unit) / scale));
    if (nanos > kMaxMagnitude) return {0, invalid + ": out of range"};
  }
  return {nanos, {}};
}

bool allDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!isDigit(c)) return false;
  }
  return true;
}

}  // namespace

GoDuration parseGoDuration(std::string_view text) {
  GoDuration result;
  std::string_view rest = text;
  bool negative = false;
  if (!rest.empty() && (rest.front() == '-' || rest.front() == '+')) {
    negative = rest.front() == '-';
    rest.remove_prefix(1);
  }
  if (rest == "0") {  // the one number Go takes without a unit
    result.ok = true;
    return result;
  }
  if (rest.empty()) {
    result.error = text.empty() ? "empty duration" : "invalid duration " + quoted(text);
    return result;
  }
  Nanos total = 0;
  while (!rest.empty()) {
    const Term term = takeTerm(rest, text);
    if (!term.error.empty()) {
      result.error = term.error;
      return result;
    }
    if (term.nanos > kMaxMagnitude - total) {
      result.error = "invalid duration " + quoted(text) + ": out of range";
      return result;
    }
    total += term.nanos;
  }
  if (!negative && total == kMaxMagnitude) {
    result.error = "invalid duration " + quoted(text) + ": out of range";
    return result;
  }
  // Negating in unsigned arithmetic keeps -(1<<63), which int64 cannot negate.
  const std::int64_t value =
      negative ? static_cast<std::int64_t>(~total + 1) : static_cast<std::int64_t>(total);
  result.value = std::chrono::nanoseconds(value);
  result.ok = true;
  return result;
}

bool parseDuration(std::string_view text, std::chrono::milliseconds& out, std::string& error) {
  // smeed's own shorthand, older than the Go syntax here: a bare integer
  // is seconds ("timeout: 5"). Go itself would want a unit.
  std::chrono::nanoseconds nanos{};
  if (allDigits(text) && text != "0") {
    const GoDuration seconds = parseGoDuration(std::string(text) + "s");
    if (!seconds.ok) {
      error = "invalid duration " + quoted(text) + ": out of range";
      return false;
    }
    nanos = seconds.value;
  } else {
    const GoDuration parsed = parseGoDuration(text);
    if (!parsed.ok) {
      error = parsed.error;
      return false;
    }
    nanos = parsed.value;
  }
  if (nanos.count() < 0) {
    error = "duration " + quoted(text) + " must not be negative";
    return false;
  }
  // smeed keeps milliseconds. Round up, so that "500us" does not become 0
  // (which often means "off") and a timeout is never shorter than asked.
  out = std::chrono::ceil<std::chrono::milliseconds>(nanos);
  return true;
}

bool parseDuration(std::string_view text, std::chrono::milliseconds& out) {
  std::string error;
  return parseDuration(text, out, error);
}

}  // namespace smee
