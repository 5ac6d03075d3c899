#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "smee/trace/tracer.h"

namespace smee::otel {

struct SpanAttribute {
  std::string key;
  std::variant<std::string, std::int64_t, bool> value;
};

// A span as exported: everything OTLP needs, owned, immutable once queued.
struct FinishedSpan {
  std::string name;
  SpanKind kind = SpanKind::Internal;
  TraceContext context;
  std::array<std::uint8_t, 8> parent_span_id{};  // all zero for a root span
  std::uint64_t start_unix_nanos = 0;
  std::uint64_t end_unix_nanos = 0;
  std::vector<SpanAttribute> attributes;
  bool failed = false;
  std::string status_message;
};

}  // namespace smee::otel
