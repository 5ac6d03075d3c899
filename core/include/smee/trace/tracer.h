#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "smee/export.h"
#include "smee/trace/trace_context.h"

namespace smee {

// OpenTelemetry's span kinds, with OTLP's numbers.
enum class SpanKind : int { Internal = 1, Server = 2, Client = 3 };

// One unit of work being timed. Made by a Tracer, ended once (explicitly or
// by the destructor); attribute setters after end() are ignored. Used from
// one thread at a time.
class SMEE_API Span {
 public:
  virtual ~Span();
  virtual const TraceContext& context() const = 0;
  virtual void setString(std::string_view key, std::string_view value) = 0;
  virtual void setInt(std::string_view key, std::int64_t value) = 0;
  virtual void setBool(std::string_view key, bool value) = 0;
  // Spans of a server are named once the request is routed.
  virtual void rename(std::string_view name) = 0;
  // Marks the span failed (OTLP status ERROR) with a message.
  virtual void setError(std::string_view message) = 0;
  virtual void end() = 0;
};

// The tracing service, registered as "smee.trace/v1:default" by the otel
// plugin. Plugins find() it (it is optional: "?smee.trace/v1" in requires)
// and trace nothing when it is absent. startSpan is called concurrently and
// must not block: spans are exported in the background.
class SMEE_API Tracer {
 public:
  static constexpr std::string_view kInterfaceId = "smee.trace/v1";
  virtual ~Tracer();
  // A new span, child of `parent` when given, else the root of a new trace.
  virtual std::unique_ptr<Span> startSpan(std::string_view name, SpanKind kind,
                                          const std::optional<TraceContext>& parent) = 0;
};

// A span that may not exist: every call is a no-op without a tracer, so
// call sites read the same with tracing on or off. Ends its span when it
// goes out of scope.
class ScopedSpan {
 public:
  ScopedSpan() = default;
  ScopedSpan(Tracer* tracer, std::string_view name, SpanKind kind,
             const std::optional<TraceContext>& parent = std::nullopt)
      : span_(tracer ? tracer->startSpan(name, kind, parent) : nullptr) {}
  ScopedSpan(ScopedSpan&&) noexcept = default;
  ScopedSpan& operator=(ScopedSpan&&) noexcept = default;
  ~ScopedSpan() { end(); }

  explicit operator bool() const { return span_ != nullptr; }
  std::optional<TraceContext> context() const {
    return span_ ? std::optional<TraceContext>(span_->context()) : std::nullopt;
  }
  void setString(std::string_view key, std::string_view value) {
    if (span_) span_->setString(key, value);
  }
  void setInt(std::string_view key, std::int64_t value) {
    if (span_) span_->setInt(key, value);
  }
  void setBool(std::string_view key, bool value) {
    if (span_) span_->setBool(key, value);
  }
  void setError(std::string_view message) {
    if (span_) span_->setError(message);
  }
  void rename(std::string_view name) {
    if (span_) span_->rename(name);
  }
  void end() {
    if (span_) span_->end();
    span_.reset();
  }

 private:
  std::unique_ptr<Span> span_;
};

}  // namespace smee
