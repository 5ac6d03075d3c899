#include "otel_plugin.h"

#include <cstdlib>

#include "smee/plugin_context.h"

namespace smee::otel {

ConfigSchema OtelPlugin::schema() const {
  using T = ConfigType;
  return {
      {.key = "endpoint",
       .type = T::String,
       .default_value = "",
       .description =
           "OTLP/HTTP collector: host:port (Smee's -otel-endpoint; /v1/traces is added) or a URL"},
      {.key = "insecure",
       .type = T::Bool,
       .default_value = "true",
       .description = "plain http for a host:port endpoint (false: https, certificate checked)"},
      {.key = "headers",
       .type = T::StringList,
       .default_value = "",
       .description = "extra request headers, key=value (e.g. an API key)"},
      {.key = "ca_file",
       .type = T::String,
       .default_value = "",
       .description = "PEM certificate trusted for an https collector beside the system's"},
      {.key = "service_name",
       .type = T::String,
       .default_value = "smee",
       .description = "resource service.name (Smee's); OTEL_SERVICE_NAME overrides"},
      {.key = "timeout",
       .type = T::Duration,
       .default_value = "10s",
       .description = "one export request"},
      {.key = "schedule_delay",
       .type = T::Duration,
       .default_value = "5s",
       .description = "a batch that is not full leaves after this"},
      {.key = "queue_size",
       .type = T::Int,
       .default_value = "2048",
       .description = "ended spans held for export; more are dropped and counted",
       .min = 1,
       .max = 1000000},
      {.key = "batch_size",
       .type = T::Int,
       .default_value = "512",
       .description = "spans in one export request",
       .min = 1,
       .max = 100000},
  };
}

void OtelPlugin::configure(const ConfigValues& config, PluginContext& context) {
  settings_ = resolveExporterSettings(config, [](const char* name) { return std::getenv(name); });
  settings_.resource.scope_version = context.runtime().version;
  if (settings_.disabled) return;  // OTEL_SDK_DISABLED: no tracer, nothing traced
  buffer_ = std::make_unique<SpanBuffer>(settings_.queue_size, settings_.batch_size);
  Counter& dropped_full =
      context.metrics().counter("smee_otel_spans_dropped_total", "Spans not exported, by reason.",
                                {{"reason", "queue_full"}});
  SpanBuffer* buffer = buffer_.get();
  context.provide<Tracer>(
      "default", std::make_shared<RecordingTracer>([buffer, &dropped_full](FinishedSpan&& span) {
        if (!buffer->push(std::move(span))) dropped_full.inc();
      }));
}

void OtelPlugin::start(PluginContext& context) {
  Logger log = context.logger();
  if (settings_.disabled) {
    log.info("tracing is off: OTEL_SDK_DISABLED is true");
    return;
  }
  exporter_ = std::make_unique<OtlpExporter>(settings_, *buffer_, log, context.metrics());
  exporter_->start();
  log.info("exporting traces",
           {{"url", settings_.url},
            {"service.name", std::get<std::string>(settings_.resource.attributes.front().value)}});
}

void OtelPlugin::stop() noexcept {
  // Smee flushes with a 5 s timeout on shutdown.
  if (exporter_) exporter_->stop(std::chrono::seconds(5));
  exporter_.reset();
}

}  // namespace smee::otel
