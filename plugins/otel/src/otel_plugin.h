#pragma once

#include <memory>

#include "exporter_settings.h"
#include "otlp_exporter.h"
#include "recording_tracer.h"
#include "smee/plugin.h"
#include "span_buffer.h"

namespace smee::otel {

// Plugin `otel`: OpenTelemetry traces over OTLP/HTTP. Provides the tracer
// ("smee.trace/v1:default") that DHCP, TFTP and HTTP find; without this
// plugin they trace nothing and pay nothing.
class OtelPlugin final : public Plugin {
 public:
  ConfigSchema schema() const override;
  void configure(const ConfigValues& config, PluginContext& context) override;
  void start(PluginContext& context) override;
  void stop() noexcept override;

 private:
  ExporterSettings settings_;
  std::unique_ptr<SpanBuffer> buffer_;
  std::unique_ptr<OtlpExporter> exporter_;
};

}  // namespace smee::otel
