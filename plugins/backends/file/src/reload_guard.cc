#include "reload_guard.h"

#include <charconv>
#include <cstdio>

#include "smee/errors.h"

namespace smee::backend_file {

namespace {

std::string ratioText(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", ratio);
  return text;
}

const char* const kRejectedName = "smee_backend_reload_rejected_total";
const char* const kRejectedHelp =
    "Reloads refused because they would drop too much of the hardware in service, by rule.";

}  // namespace

std::string_view reloadRefusalName(ReloadRefusal refusal) {
  switch (refusal) {
    case ReloadRefusal::None:
      return "none";
    case ReloadRefusal::MinRecords:
      return "min_records";
    case ReloadRefusal::MaxDropRatio:
      return "max_drop_ratio";
  }
  return "unknown";
}

std::string ReloadVerdict::ruleText() const {
  return std::string(reloadRefusalName(refusal)) + "=" + limit;
}

ReloadVerdict judgeReload(std::size_t before, std::size_t after, const ReloadGuardPolicy& policy) {
  if (after >= before) return {};
  if (after < policy.min_records) {
    return {ReloadRefusal::MinRecords, std::to_string(policy.min_records)};
  }
  const double dropped = static_cast<double>(before - after) / static_cast<double>(before);
  if (dropped > policy.max_drop_ratio) {
    return {ReloadRefusal::MaxDropRatio, ratioText(policy.max_drop_ratio)};
  }
  return {};
}

ReloadGuardMetrics::ReloadGuardMetrics(std::string_view backend, Metrics& metrics)
    : rejected_min_records_(
          metrics.counter(kRejectedName, kRejectedHelp,
                          {{"backend", std::string(backend)},
                           {"reason", std::string(reloadRefusalName(ReloadRefusal::MinRecords))}})),
      rejected_max_drop_ratio_(metrics.counter(
          kRejectedName, kRejectedHelp,
          {{"backend", std::string(backend)},
           {"reason", std::string(reloadRefusalName(ReloadRefusal::MaxDropRatio))}})),
      records_(metrics.gauge("smee_backend_records", "Usable hardware records served now.",
                             {{"backend", std::string(backend)}})) {}

void ReloadGuardMetrics::refused(ReloadRefusal refusal) {
  if (refusal == ReloadRefusal::MinRecords) rejected_min_records_.inc();
  if (refusal == ReloadRefusal::MaxDropRatio) rejected_max_drop_ratio_.inc();
}

void ReloadGuardMetrics::served(std::size_t records) {
  records_.set(static_cast<std::int64_t>(records));
}

ConfigSchema reloadGuardSchema(const std::string& allow_shrink_help) {
  ConfigKey min_records;
  min_records.key = "min_records";
  min_records.type = ConfigType::Int;
  min_records.default_value = "1";
  min_records.description =
      "A reload that leaves fewer usable records than this (and fewer than are served now) is "
      "refused; the last good data stays. 0 turns the rule off.";
  min_records.min = 0;

  ConfigKey max_drop_ratio;
  max_drop_ratio.key = "max_drop_ratio";
  // The config table has no number type; the plugin parses the text.
  max_drop_ratio.type = ConfigType::String;
  max_drop_ratio.default_value = "0.5";
  max_drop_ratio.description =
      "A reload that loses more than this share of the records served now (a number from 0 to "
      "1) is refused; the last good data stays. 1 turns the rule off.";

  ConfigKey allow_shrink;
  allow_shrink.key = "allow_shrink";
  allow_shrink.type = ConfigType::Bool;
  allow_shrink.default_value = "false";
  allow_shrink.description = "Accept every reload, however much it drops. " + allow_shrink_help;
  return {min_records, max_drop_ratio, allow_shrink};
}

std::optional<double> parseRatio(std::string_view text) {
  double value = 0;
  const auto [next, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (ec != std::errc() || next != text.data() + text.size()) return std::nullopt;
  if (!(value >= 0 && value <= 1)) return std::nullopt;
  return value;
}

ReloadGuardPolicy reloadGuardPolicy(const ConfigValues& config) {
  ReloadGuardPolicy policy;
  policy.min_records = static_cast<std::size_t>(config.getInt("min_records"));
  const std::string& ratio = config.getString("max_drop_ratio");
  const auto parsed = parseRatio(ratio);
  if (!parsed) {
    throw ConfigError("max_drop_ratio",
                      "expected a number from 0 to 1 (0.5 = half), got '" + ratio + "'");
  }
  policy.max_drop_ratio = *parsed;
  policy.allow_shrink = config.getBool("allow_shrink");
  return policy;
}

}  // namespace smee::backend_file
