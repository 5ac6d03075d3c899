#pragma once

#include <string_view>

#include "http_request.h"
#include "smee/net/ipv4.h"
#include "smee/trace/tracer.h"

namespace smee::http {

// The server span of one HTTP request (OpenTelemetry's HTTP semantic
// conventions, as Smee's otelhttp middleware records them): it continues
// the trace of a `traceparent` header, which Smee's iPXE builds and its
// integration test send. Named "<METHOD>" until routed.
ScopedSpan startRequestSpan(Tracer* tracer, const HttpRequest& request, Ipv4Address client);

// Names the span "<METHOD> <route>" and records the status; 5xx marks it
// failed, as otelhttp does for a server.
void endRequestSpan(ScopedSpan& span, std::string_view method, std::string_view route, int status);

}  // namespace smee::http
