#include "exporter_settings.h"

#include <cstdlib>

#include "smee/errors.h"
#include "smee/hex_digit.h"

namespace smee::otel {
namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::string percentDecode(const std::string& text, const std::string& origin) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    int hi = i + 2 < text.size() ? hexDigitValue(text[i + 1]) : -1;
    int lo = i + 2 < text.size() ? hexDigitValue(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) throw Error(origin + ": bad %-escape in \"" + text + "\"");
    out += static_cast<char>(hi << 4 | lo);
    i += 2;
  }
  return out;
}

std::string envOr(const EnvLookup& env, const char* name) {
  const char* value = env(name);
  return value ? std::string(value) : std::string();
}

// A positive count of milliseconds or items from an OTEL_* variable.
long long envNumber(const EnvLookup& env, const char* name, long long fallback) {
  std::string text = trim(envOr(env, name));
  if (text.empty()) return fallback;
  char* end = nullptr;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (*end != '\0' || value <= 0) {
    throw Error(std::string("env ") + name + ": invalid value \"" + text +
                "\": expected a positive integer");
  }
  return value;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parseKeyValueList(const std::string& text,
                                                                   const std::string& origin) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    std::string item = trim(std::string_view(text).substr(
        start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!item.empty()) {
      auto eq = item.find('=');
      if (eq == std::string::npos || trim(item.substr(0, eq)).empty()) {
        throw Error(origin + ": \"" + item + "\" is not key=value");
      }
      out.emplace_back(percentDecode(trim(item.substr(0, eq)), origin),
                       percentDecode(trim(item.substr(eq + 1)), origin));
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string otlpTracesUrl(const std::string& endpoint, bool insecure) {
  auto scheme = endpoint.find("://");
  if (scheme == std::string::npos) {
    return std::string(insecure ? "http" : "https") + "://" + endpoint + "/v1/traces";
  }
  auto path = endpoint.find('/', scheme + 3);
  if (path == std::string::npos) return endpoint + "/v1/traces";
  if (endpoint.size() == path + 1) return endpoint + "v1/traces";
  return endpoint;
}

ExporterSettings resolveExporterSettings(const ConfigValues& config, const EnvLookup& env) {
  ExporterSettings s;
  const std::string disabled = trim(envOr(env, "OTEL_SDK_DISABLED"));
  s.disabled = disabled == "true" || disabled == "TRUE" || disabled == "True";

  const bool insecure = config.getBool("insecure");
  std::string endpoint = trim(config.getString("endpoint"));
  if (!endpoint.empty()) {
    s.url = otlpTracesUrl(endpoint, insecure);
  } else if (auto traces = trim(envOr(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
             !traces.empty()) {
    s.url = traces.find("://") == std::string::npos ? otlpTracesUrl(traces, insecure) : traces;
  } else if (auto base = trim(envOr(env, "OTEL_EXPORTER_OTLP_ENDPOINT")); !base.empty()) {
    if (base.find("://") == std::string::npos) {
      s.url = otlpTracesUrl(base, insecure);
    } else {
      s.url = base + (base.back() == '/' ? "" : "/") + "v1/traces";
    }
  } else if (!s.disabled) {
    throw ConfigError(
        "endpoint",
        "no collector: set otel.endpoint (Smee's -otel-endpoint) or OTEL_EXPORTER_OTLP_ENDPOINT");
  }
  if (s.url.rfind("http://", 0) != 0 && s.url.rfind("https://", 0) != 0 && !s.disabled) {
    throw ConfigError(
        "endpoint", "\"" + s.url + "\" is not an http:// or https:// URL (smeed speaks OTLP/HTTP)");
  }

  for (const char* name : {"OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS"}) {
    for (auto& header : parseKeyValueList(envOr(env, name), std::string("env ") + name)) {
      s.headers.push_back(std::move(header));
    }
  }
  for (const auto& header : config.getStringList("headers")) {
    for (auto& parsed : parseKeyValueList(header, "otel.headers"))
      s.headers.push_back(std::move(parsed));
  }

  s.ca_file = config.getString("ca_file");
  if (s.ca_file.empty()) s.ca_file = trim(envOr(env, "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE"));
  if (s.ca_file.empty()) s.ca_file = trim(envOr(env, "OTEL_EXPORTER_OTLP_CERTIFICATE"));

  s.timeout = config.getDuration("timeout");
  s.timeout = std::chrono::milliseconds(
      envNumber(env, "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT",
                envNumber(env, "OTEL_EXPORTER_OTLP_TIMEOUT", s.timeout.count())));
  s.schedule_delay = std::chrono::milliseconds(
      envNumber(env, "OTEL_BSP_SCHEDULE_DELAY", config.getDuration("schedule_delay").count()));
  s.queue_size = static_cast<std::size_t>(
      envNumber(env, "OTEL_BSP_MAX_QUEUE_SIZE", config.getInt("queue_size")));
  s.batch_size = static_cast<std::size_t>(
      envNumber(env, "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", config.getInt("batch_size")));
  if (s.batch_size > s.queue_size) s.batch_size = s.queue_size;

  // Resource: OTEL_RESOURCE_ATTRIBUTES, then service.name (OTEL_SERVICE_NAME
  // over the block's service_name, which defaults to Smee's "smee").
  std::string service = trim(envOr(env, "OTEL_SERVICE_NAME"));
  if (service.empty()) service = config.getString("service_name");
  for (auto& [key, value] :
       parseKeyValueList(envOr(env, "OTEL_RESOURCE_ATTRIBUTES"), "env OTEL_RESOURCE_ATTRIBUTES")) {
    if (key != "service.name")
      s.resource.attributes.push_back({key, value});
    else if (trim(envOr(env, "OTEL_SERVICE_NAME")).empty())
      service = value;
  }
  s.resource.attributes.insert(s.resource.attributes.begin(), {"service.name", service});
  return s;
}

}  // namespace smee::otel
