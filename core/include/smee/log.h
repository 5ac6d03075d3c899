#pragma once

#include <concepts>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "smee/export.h"

namespace spdlog {
class logger;
}

namespace smee {

// One key=value pair of a structured log line.
struct SMEE_API LogField {
  LogField(std::string_view k, std::string_view v) : key(k), value(v) {}
  LogField(std::string_view k, const std::string& v) : key(k), value(v) {}
  LogField(std::string_view k, const char* v) : key(k), value(v ? v : "") {}
  LogField(std::string_view k, bool v) : key(k), value(v ? "true" : "false") {}
  template <std::integral T>
  LogField(std::string_view k, T v) : key(k), value(std::to_string(v)) {}

  std::string_view key;
  std::string value;
};

using LogFields = std::initializer_list<LogField>;

// A component logger handed to plugins by the core. Plugins never create
// spdlog loggers or sinks themselves (see the design notes on spdlog's
// registry across shared objects); the core decides text or JSON output.
class SMEE_API Logger {
 public:
  explicit Logger(std::shared_ptr<spdlog::logger> logger);

  void debug(std::string_view msg, LogFields fields = {}) const;
  void info(std::string_view msg, LogFields fields = {}) const;
  void warn(std::string_view msg, LogFields fields = {}) const;
  void error(std::string_view msg, LogFields fields = {}) const;
  // The same with fields gathered at run time (e.g. from a parsed message).
  void debugFields(std::string_view msg, std::span<const LogField> fields) const;
  void infoFields(std::string_view msg, std::span<const LogField> fields) const;
  bool debugEnabled() const;
  bool infoEnabled() const;
  const std::string& name() const;

 private:
  void write(int level, std::string_view msg, std::span<const LogField> fields) const;
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace smee
