#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <string_view>

#include "smee/export.h"
#include "smee/json_text.h"

namespace smee {

enum class LogFormat { Text, Json };

// The only place that creates spdlog sinks, formatters and loggers. Plugins
// receive loggers from here through PluginContext::logger(), so one registry
// and one sink serve every shared object in the process.
class SMEE_API LogSystem {
 public:
  // Applies level ("debug", "info", "warn", "error") and format to every
  // logger made so far and to those made later.
  static void configure(std::string_view level, LogFormat format);
  static std::shared_ptr<spdlog::logger> logger(const std::string& name);
  static LogFormat format();
  static void shutdown();
};

}  // namespace smee
