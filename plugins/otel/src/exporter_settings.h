#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "otlp_json.h"
#include "smee/config_schema.h"

namespace smee::otel {

struct ExporterSettings {
  std::string url;  // where spans are POSTed, e.g. http://127.0.0.1:4318/v1/traces
  std::vector<std::pair<std::string, std::string>> headers;
  std::string ca_file;                       // extra trust anchor for https (empty: the system's)
  std::chrono::milliseconds timeout{10000};  // one export request
  std::chrono::milliseconds schedule_delay{5000};  // a partial batch leaves after this
  std::size_t queue_size = 2048;
  std::size_t batch_size = 512;
  ResourceInfo resource;
  bool disabled = false;  // OTEL_SDK_DISABLED=true: provide no tracer
};

using EnvLookup = std::function<const char*(const char*)>;

// The plugin's block, with OpenTelemetry's environment variables where the
// block leaves a key empty (the SDKs' order: explicit settings win):
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as is), OTEL_EXPORTER_OTLP_ENDPOINT
// (+ "/v1/traces"), OTEL_EXPORTER_OTLP_[TRACES_]HEADERS, _TIMEOUT and
// _CERTIFICATE, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_BSP_*, and
// OTEL_SDK_DISABLED. Throws ConfigError (with the key) or Error (with the
// variable) for a value it cannot use.
ExporterSettings resolveExporterSettings(const ConfigValues& config, const EnvLookup& env);

// Smee's -otel-endpoint is "host:port" for OTLP/gRPC; smeed speaks OTLP/HTTP,
// so a bare host:port becomes http(s)://host:port/v1/traces (https unless
// `insecure`), and a URL without a path gets /v1/traces. A URL with a path is
// used as it is.
std::string otlpTracesUrl(const std::string& endpoint, bool insecure);

// "k1=v1,k2=v2" with %-encoded values (the OTEL_* list format).
std::vector<std::pair<std::string, std::string>> parseKeyValueList(const std::string& text,
                                                                   const std::string& origin);

}  // namespace smee::otel
