#pragma once

#include <string>
#include <vector>

#include "finished_span.h"

namespace smee::otel {

// Who is exporting: OTLP's resource and instrumentation scope.
struct ResourceInfo {
  std::vector<SpanAttribute> attributes;  // service.name first
  std::string scope_name = "smeed";
  std::string scope_version;
};

// An ExportTraceServiceRequest in OTLP/HTTP's JSON encoding
// (opentelemetry-proto, "JSON Protobuf Encoding"): ids as hex strings, enums
// as numbers, 64-bit integers as decimal strings, as every collector reads.
std::string encodeOtlpJson(const ResourceInfo& resource, const std::vector<FinishedSpan>& spans);

}  // namespace smee::otel
