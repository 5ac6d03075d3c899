#include "recording_tracer.h"

#include <algorithm>
#include <chrono>
#include <random>

namespace smee::otel {
namespace {

std::uint64_t unixNanos() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

// One generator a thread, seeded from the kernel: no lock on the hot path.
template <std::size_t N>
void fillRandom(std::array<std::uint8_t, N>& out) {
  thread_local std::mt19937_64 generator{std::random_device{}() ^
                                         (std::uint64_t{std::random_device{}()} << 32)};
  do {
    for (std::size_t i = 0; i < N; i += 8) {
      std::uint64_t word = generator();
      for (std::size_t j = 0; j < 8 && i + j < N; ++j)
        out[i + j] = static_cast<std::uint8_t>(word >> (8 * j));
    }
  } while (std::all_of(out.begin(), out.end(), [](std::uint8_t b) { return b == 0; }));
}

class RecordingSpan final : public Span {
 public:
  RecordingSpan(const RecordingTracer::Sink& sink, FinishedSpan span, bool recording)
      : sink_(sink), span_(std::move(span)), recording_(recording) {}
  ~RecordingSpan() override { end(); }

  const TraceContext& context() const override { return span_.context; }
  void setString(std::string_view key, std::string_view value) override {
    if (open()) span_.attributes.push_back({std::string(key), std::string(value)});
  }
  void setInt(std::string_view key, std::int64_t value) override {
    if (open()) span_.attributes.push_back({std::string(key), value});
  }
  void setBool(std::string_view key, bool value) override {
    if (open()) span_.attributes.push_back({std::string(key), value});
  }
  void setError(std::string_view message) override {
    if (!open()) return;
    span_.failed = true;
    span_.status_message = message;
  }
  void rename(std::string_view name) override {
    if (open()) span_.name = name;
  }
  void end() override {
    if (!open()) return;
    ended_ = true;
    span_.end_unix_nanos = unixNanos();
    sink_(std::move(span_));
  }

 private:
  bool open() const { return recording_ && !ended_; }

  const RecordingTracer::Sink& sink_;
  FinishedSpan span_;
  bool recording_;
  bool ended_ = false;
};

}  // namespace

RecordingTracer::RecordingTracer(Sink sink) : sink_(std::move(sink)) {}

std::unique_ptr<Span> RecordingTracer::startSpan(std::string_view name, SpanKind kind,
                                                 const std::optional<TraceContext>& parent) {
  FinishedSpan span;
  span.name = name;
  span.kind = kind;
  if (parent && parent->valid()) {
    span.context.trace_id = parent->trace_id;
    span.parent_span_id = parent->span_id;
    span.context.flags = parent->flags & 0x01;
  } else {
    fillRandom(span.context.trace_id);
    span.context.flags = 0x01;
  }
  fillRandom(span.context.span_id);
  span.start_unix_nanos = unixNanos();
  const bool recording = span.context.sampled();
  return std::make_unique<RecordingSpan>(sink_, std::move(span), recording);
}

}  // namespace smee::otel
