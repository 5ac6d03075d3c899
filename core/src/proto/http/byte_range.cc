#include "smee/proto/http/byte_range.h"

#include <charconv>

namespace smee::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Digits only (no sign, no spaces); a value past 2^64 is malformed.
std::optional<std::uint64_t> number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// The range unit, case-insensitive (RFC 9110 14.1).
bool isBytesUnit(std::string_view unit) {
  constexpr std::string_view kUnit = "bytes";
  if (unit.size() != kUnit.size()) return false;
  for (std::size_t i = 0; i < kUnit.size(); ++i) {
    if ((unit[i] | 0x20) != kUnit[i]) return false;
  }
  return true;
}

// A Range header's "bytes=", with whitespace allowed around the '='.
bool takeBytesUnit(std::string_view& s) {
  s = trim(s);
  const auto equals = s.find('=');
  if (equals == std::string_view::npos || !isBytesUnit(trim(s.substr(0, equals)))) return false;
  s = trim(s.substr(equals + 1));
  return true;
}

// A Content-Range's "bytes ".
bool takeUnit(std::string_view& s, char separator) {
  if (s.size() <= 5 || !isBytesUnit(s.substr(0, 5)) || s[5] != separator) return false;
  s.remove_prefix(6);
  return true;
}

}  // namespace

RangeHeader parseRangeHeader(std::string_view header, RangeSpec& out) {
  if (trim(header).empty()) return RangeHeader::Absent;
  if (!takeBytesUnit(header)) return RangeHeader::Ignored;
  if (header.find(',') != std::string_view::npos) return RangeHeader::Ignored;
  const auto dash = header.find('-');
  if (dash == std::string_view::npos) return RangeHeader::Ignored;
  const auto left = trim(header.substr(0, dash)), right = trim(header.substr(dash + 1));
  if (left.empty()) {
    auto n = number(right);
    if (!n) return RangeHeader::Ignored;
    out = {RangeSpec::Kind::Suffix, 0, 0, *n};
    // A zero-length suffix selects nothing (RFC 9110 14.1.1).
    return *n == 0 ? RangeHeader::Unsatisfiable : RangeHeader::Single;
  }
  auto first = number(left);
  if (!first) return RangeHeader::Ignored;
  if (right.empty()) {
    out = {RangeSpec::Kind::From, *first, 0, 0};
    return RangeHeader::Single;
  }
  auto last = number(right);
  if (!last || *last < *first) return RangeHeader::Ignored;  // "5-2" is invalid, not empty
  out = {RangeSpec::Kind::FromTo, *first, *last, 0};
  return RangeHeader::Single;
}

std::optional<ByteSlice> resolveRange(const RangeSpec& spec, std::uint64_t length) {
  if (length == 0) return std::nullopt;
  switch (spec.kind) {
    case RangeSpec::Kind::Suffix:
      if (spec.suffix == 0) return std::nullopt;
      return ByteSlice{length - std::min(spec.suffix, length), length - 1};
    case RangeSpec::Kind::From:
      if (spec.first >= length) return std::nullopt;
      return ByteSlice{spec.first, length - 1};
    case RangeSpec::Kind::FromTo:
      if (spec.first >= length) return std::nullopt;
      return ByteSlice{spec.first, std::min(spec.last, length - 1)};
  }
  return std::nullopt;
}

std::optional<ContentRange> parseContentRange(std::string_view header) {
  header = trim(header);
  if (!takeUnit(header, ' ')) return std::nullopt;
  header = trim(header);
  auto slash = header.find('/');
  auto dash = header.find('-');
  if (slash == std::string_view::npos || dash == std::string_view::npos || dash > slash) {
    return std::nullopt;
  }
  auto first = number(header.substr(0, dash));
  auto last = number(header.substr(dash + 1, slash - dash - 1));
  if (!first || !last || *last < *first) return std::nullopt;
  ContentRange out{*first, *last, std::nullopt};
  auto total_text = header.substr(slash + 1);
  if (total_text != "*") {
    auto total = number(total_text);
    if (!total || *total <= *last) return std::nullopt;
    out.total = *total;
  }
  return out;
}

std::string contentRange(const ByteSlice& slice, std::optional<std::uint64_t> length) {
  return "bytes " + std::to_string(slice.first) + "-" + std::to_string(slice.last) + "/" +
         (length ? std::to_string(*length) : std::string("*"));
}

std::string unsatisfiedContentRange(std::uint64_t length) {
  return "bytes */" + std::to_string(length);
}

}  // namespace smee::http
