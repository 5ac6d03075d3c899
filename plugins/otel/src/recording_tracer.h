#pragma once

#include <functional>

#include "finished_span.h"
#include "smee/trace/tracer.h"

namespace smee::otel {

// The Tracer the otel plugin provides. Ids are random (W3C 3.2.2.3); the
// sampler is OpenTelemetry's default ParentBased(AlwaysOn), as in Smee: a
// span is recorded unless its parent came in marked "not sampled", and even
// then it gets a context so the trace id still travels. Ended spans go to
// `sink` (the span buffer); the tracer keeps no state per span.
class RecordingTracer final : public Tracer {
 public:
  using Sink = std::function<void(FinishedSpan&&)>;
  explicit RecordingTracer(Sink sink);
  std::unique_ptr<Span> startSpan(std::string_view name, SpanKind kind,
                                  const std::optional<TraceContext>& parent) override;

 private:
  Sink sink_;
};

}  // namespace smee::otel
