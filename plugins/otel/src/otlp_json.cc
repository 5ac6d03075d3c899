#include "otlp_json.h"

#include <algorithm>

#include "smee/json_text.h"

namespace smee::otel {
namespace {

// Length of the well-formed UTF-8 sequence at `at`, or 0.
std::size_t utf8SequenceLength(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = lead < 0x80           ? 1
                       : (lead >> 5) == 0x6  ? 2
                       : (lead >> 4) == 0xe  ? 3
                       : (lead >> 3) == 0x1e ? 4
                                             : 0;
  if (length == 0 || at + length > text.size()) return 0;
  std::uint32_t code = length == 1 ? lead : lead & (0x7f >> length);
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xc0) != 0x80) return 0;
    code = code << 6 | (byte(at + i) & 0x3f);
  }
  static constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < kSmallest[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  return length;
}

// Collectors reject a whole request over one invalid UTF-8 byte (a
// hostname in a DHCP option can be anything), so such bytes become U+FFFD.
std::string validUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    if (std::size_t n = utf8SequenceLength(text, at)) {
      out.append(text.substr(at, n));
      at += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++at;
    }
  }
  return out;
}

void appendString(std::string& out, std::string_view text) {
  out += '"';
  out += jsonEscape(validUtf8(text));
  out += '"';
}

void appendAttributes(std::string& out, const std::vector<SpanAttribute>& attributes) {
  out += '[';
  bool first = true;
  for (const auto& attribute : attributes) {
    if (!first) out += ',';
    first = false;
    out += "{\"key\":";
    appendString(out, attribute.key);
    out += ",\"value\":{";
    if (const auto* s = std::get_if<std::string>(&attribute.value)) {
      out += "\"stringValue\":";
      appendString(out, *s);
    } else if (const auto* i = std::get_if<std::int64_t>(&attribute.value)) {
      out += "\"intValue\":\"" + std::to_string(*i) + "\"";
    } else {
      out += std::string("\"boolValue\":") + (std::get<bool>(attribute.value) ? "true" : "false");
    }
    out += "}}";
  }
  out += ']';
}

void appendSpan(std::string& out, const FinishedSpan& span) {
  out += "{\"traceId\":\"" + span.context.traceIdHex() + "\",\"spanId\":\"" +
         span.context.spanIdHex() + "\"";
  TraceContext parent;
  parent.span_id = span.parent_span_id;
  if (std::any_of(span.parent_span_id.begin(), span.parent_span_id.end(),
                  [](auto b) { return b != 0; })) {
    out += ",\"parentSpanId\":\"" + parent.spanIdHex() + "\"";
  }
  out += ",\"flags\":" + std::to_string(span.context.flags);
  out += ",\"name\":";
  appendString(out, span.name);
  out += ",\"kind\":" + std::to_string(static_cast<int>(span.kind));
  out += ",\"startTimeUnixNano\":\"" + std::to_string(span.start_unix_nanos) + "\"";
  out += ",\"endTimeUnixNano\":\"" + std::to_string(span.end_unix_nanos) + "\"";
  out += ",\"attributes\":";
  appendAttributes(out, span.attributes);
  // Status codes: 0 unset, 2 error (OK is for applications to claim).
  out += ",\"status\":{";
  if (span.failed) {
    out += "\"code\":2,\"message\":";
    appendString(out, span.status_message);
  }
  out += "}}";
}

}  // namespace

std::string encodeOtlpJson(const ResourceInfo& resource, const std::vector<FinishedSpan>& spans) {
  std::string out = "{\"resourceSpans\":[{\"resource\":{\"attributes\":";
  appendAttributes(out, resource.attributes);
  out += "},\"scopeSpans\":[{\"scope\":{\"name\":";
  appendString(out, resource.scope_name);
  out += ",\"version\":";
  appendString(out, resource.scope_version);
  out += "},\"spans\":[";
  bool first = true;
  for (const auto& span : spans) {
    if (!first) out += ',';
    first = false;
    appendSpan(out, span);
  }
  out += "]}]}]}";
  return out;
}

}  // namespace smee::otel
