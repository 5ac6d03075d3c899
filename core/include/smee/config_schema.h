#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "smee/export.h"

namespace smee {

enum class ConfigType {
  Bool,        // true/false (also 1/0, t/f as Go's ParseBool, for Smee flags)
  Int,         // signed integer, bounded by min/max
  String,      // any text
  Duration,    // Go's syntax ("1m30s", "500ms", "2.5s", "1h"); a bare integer means seconds
  StringList,  // YAML sequence, or one comma-separated string from a flag
  Ipv4,        // dotted quad; empty means "not set" (often: use the public IP)
  Enum,        // one of `choices`
};

SMEE_API std::string_view configTypeName(ConfigType type);

// One row of a plugin's configuration table (Fluent Bit's config_map idea):
// the same table validates the YAML block, maps Smee flags, and prints
// `smeed --describe`. Keys may be dotted ("log.level") for nested maps.
struct ConfigKey {
  std::string key;
  ConfigType type = ConfigType::String;
  std::string default_value;  // in the same text form a user would write
  std::string description;
  std::vector<std::string> choices;  // Enum only
  std::int64_t min = INT64_MIN;      // Int only
  std::int64_t max = INT64_MAX;      // Int only
};

using ConfigSchema = std::vector<ConfigKey>;

using ConfigValue = std::variant<bool, std::int64_t, std::string, std::chrono::milliseconds,
                                 std::vector<std::string>>;

// A plugin block decoded through its schema: every key of the schema has a
// value (its default when nothing set it), and each value remembers where it
// came from so an error can point at it.
class SMEE_API ConfigValues {
 public:
  struct Entry {
    ConfigValue value;
    std::string origin;  // "etc/smee.conf:12:9", "flag -dhcp-mode", "default"
    bool explicitly_set = false;
  };

  void set(const std::string& key, ConfigValue value, std::string origin, bool explicitly_set);

  bool getBool(std::string_view key) const;
  std::int64_t getInt(std::string_view key) const;
  const std::string& getString(std::string_view key) const;
  std::chrono::milliseconds getDuration(std::string_view key) const;
  const std::vector<std::string>& getStringList(std::string_view key) const;

  bool isExplicit(std::string_view key) const;
  const std::string& origin(std::string_view key) const;
  bool contains(std::string_view key) const;
  const std::map<std::string, Entry, std::less<>>& entries() const { return entries_; }

 private:
  const Entry& entry(std::string_view key) const;
  std::map<std::string, Entry, std::less<>> entries_;
};

// Parses `text` as a value of `key`'s type. Throws ConfigError(key.key, ...)
// with a message that says what was expected.
SMEE_API ConfigValue parseConfigValue(const ConfigKey& key, std::string_view text);

// Go's time.ParseDuration: a sign, then one or more <number><unit> terms
// ("1h15m30.5s", "-2.5ms", ".5us"), units ns, us (or µs), ms, s, m, h; "0"
// alone needs no unit. Same range (an int64 of nanoseconds) and the same
// rejections ("", "5x", "1m30", "."), with a reason in `error`.
struct GoDuration {
  bool ok = false;
  std::chrono::nanoseconds value{};
  std::string error;  // when !ok, e.g. unknown unit "x" in duration "5x"
};
SMEE_API GoDuration parseGoDuration(std::string_view text);

// A config or flag duration: Go's syntax, or a bare integer meaning seconds
// (smeed's older shorthand); never negative. Kept in milliseconds, a
// fraction of one rounded up ("1us" -> 1ms), so nothing set becomes 0.
SMEE_API bool parseDuration(std::string_view text, std::chrono::milliseconds& out,
                            std::string& error);
SMEE_API bool parseDuration(std::string_view text, std::chrono::milliseconds& out);
// Go's strconv.ParseBool set: 1 t T TRUE true True 0 f F FALSE false False.
SMEE_API bool parseBool(std::string_view text, bool& out);

}  // namespace smee
