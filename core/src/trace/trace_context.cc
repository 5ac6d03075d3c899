#include "smee/trace/trace_context.h"

#include "smee/hex_digit.h"
#include "smee/trace/tracer.h"

namespace smee {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

template <std::size_t N>
std::string toHex(const std::array<std::uint8_t, N>& bytes) {
  std::string out;
  out.reserve(2 * N);
  for (auto b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0x0f];
  }
  return out;
}

// Fills `out` from exactly 2 * out.size() hex digits.
template <std::size_t N>
bool fromHex(std::string_view text, std::array<std::uint8_t, N>& out) {
  if (text.size() != 2 * N) return false;
  for (std::size_t i = 0; i < N; ++i) {
    int hi = hexDigitValue(text[2 * i]), lo = hexDigitValue(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return true;
}

template <std::size_t N>
bool allZero(const std::array<std::uint8_t, N>& bytes) {
  for (auto b : bytes) {
    if (b != 0) return false;
  }
  return true;
}

// "vv-<32>-<16>-ff" at the start of `text` (55 characters); the version is
// not checked here, as ipxedust's file-name pattern does not check it.
std::optional<TraceContext> parseFields(std::string_view text) {
  constexpr std::size_t kLength = 2 + 1 + 32 + 1 + 16 + 1 + 2;
  if (text.size() < kLength || text[2] != '-' || text[35] != '-' || text[52] != '-') {
    return std::nullopt;
  }
  std::array<std::uint8_t, 1> version{}, flags{};
  TraceContext context;
  if (!fromHex(text.substr(0, 2), version) || !fromHex(text.substr(3, 32), context.trace_id) ||
      !fromHex(text.substr(36, 16), context.span_id) || !fromHex(text.substr(53, 2), flags)) {
    return std::nullopt;
  }
  context.flags = flags[0];
  return context;
}

}  // namespace

bool TraceContext::valid() const { return !allZero(trace_id) && !allZero(span_id); }
std::string TraceContext::traceIdHex() const { return toHex(trace_id); }
std::string TraceContext::spanIdHex() const { return toHex(span_id); }

std::optional<TraceContext> parseTraceparent(std::string_view header) {
  while (!header.empty() && (header.front() == ' ' || header.front() == '\t'))
    header.remove_prefix(1);
  while (!header.empty() && (header.back() == ' ' || header.back() == '\t'))
    header.remove_suffix(1);
  // Version 00 has exactly four fields; a later version may append more
  // after a '-', which W3C says to read as version 00.
  if (header.size() < 55 || header.substr(0, 2) == "ff") return std::nullopt;
  if (header.substr(0, 2) == "00" && header.size() != 55) return std::nullopt;
  if (header.size() > 55 && header[55] != '-') return std::nullopt;
  auto context = parseFields(header.substr(0, 55));
  if (!context || !context->valid()) return std::nullopt;
  return context;
}

std::string formatTraceparent(const TraceContext& context) {
  std::array<std::uint8_t, 1> flags{context.flags};
  return "00-" + toHex(context.trace_id) + "-" + toHex(context.span_id) + "-" + toHex(flags);
}

std::array<std::uint8_t, 26> binaryTraceparent(const std::optional<TraceContext>& context) {
  std::array<std::uint8_t, 26> out{};
  if (!context) return out;
  // out[0] is the version, 00.
  std::copy(context->trace_id.begin(), context->trace_id.end(), out.begin() + 1);
  std::copy(context->span_id.begin(), context->span_id.end(), out.begin() + 17);
  out[25] = context->sampled() ? 0x01 : 0x00;
  return out;
}

NameWithTrace splitTraceSuffix(std::string_view file_name) {
  // The regex's greedy `(.*)` takes the last '-' at which the pattern
  // matches; try the candidates from the right.
  for (std::size_t at = file_name.rfind('-'); at != std::string_view::npos;
       at = file_name.rfind('-', at - 1)) {
    if (auto context = parseFields(file_name.substr(at + 1))) {
      return {std::string(file_name.substr(0, at)), context};
    }
    if (at == 0) break;
  }
  return {std::string(file_name), std::nullopt};
}

std::string traceSuffix(const TraceContext& context) { return "-" + formatTraceparent(context); }

Span::~Span() = default;
Tracer::~Tracer() = default;

}  // namespace smee
