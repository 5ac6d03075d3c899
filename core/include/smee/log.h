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
// The kind decides how a JSON line writes the value: numbers and booleans
// as JSON numbers and booleans, as Smee's logs do, not as strings.
struct SMEE_API LogField {
  enum class Kind : unsigned char { Text, Number, Bool };
  LogField(std::string_view k, std::string_view v) : key(k), value(v) {}
  LogField(std::string_view k, const std::string& v) : key(k), value(v) {}
  LogField(std::string_view k, const char* v) : key(k), value(v ? v : "") {}
  LogField(std::string_view k, bool v) : key(k), value(v ? "true" : "false"), kind(Kind::Bool) {}
  template <std::integral T>
  LogField(std::string_view k, T v) : key(k), value(std::to_string(v)), kind(Kind::Number) {}
  template <std::floating_point T>
  LogField(std::string_view k, T v)
      : key(k), value(numberText(static_cast<double>(v))), kind(Kind::Number) {}

  std::string_view key;
  std::string value;
  Kind kind = Kind::Text;

 private:
  static std::string numberText(double v);  // shortest round-trip text; NaN and infinities as 0
};

using LogFields = std::initializer_list<LogField>;

// Where a log call was written, for Smee's JSON "source" object. The
// builtins in the default arguments are evaluated at the call site of the
// Logger method that takes a LogSource by default (GCC and Clang both do
// this; std::source_location would do the same, but the clang 14 that
// builds the fuzzers lacks it).
struct LogSource {
  constexpr LogSource(const char* file = __builtin_FILE(),
                      const char* function = __builtin_FUNCTION(), unsigned line = __builtin_LINE())
      : file(file), function(function), line(line) {}
  const char* file;
  const char* function;
  unsigned line;
};

// A component logger handed to plugins by the core. Plugins never create
// spdlog loggers or sinks themselves (see the design notes on spdlog's
// registry across shared objects); the core decides text or JSON output.
class SMEE_API Logger {
 public:
  explicit Logger(std::shared_ptr<spdlog::logger> logger);

  void debug(std::string_view msg, LogFields fields = {}, LogSource where = {}) const;
  void info(std::string_view msg, LogFields fields = {}, LogSource where = {}) const;
  void warn(std::string_view msg, LogFields fields = {}, LogSource where = {}) const;
  void error(std::string_view msg, LogFields fields = {}, LogSource where = {}) const;
  // The same with fields gathered at run time (e.g. from a parsed message).
  void debugFields(std::string_view msg, std::span<const LogField> fields,
                   LogSource where = {}) const;
  void infoFields(std::string_view msg, std::span<const LogField> fields,
                  LogSource where = {}) const;
  bool debugEnabled() const;
  bool infoEnabled() const;
  const std::string& name() const;

 private:
  void write(int level, std::string_view msg, std::span<const LogField> fields,
             const LogSource& where) const;
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace smee
