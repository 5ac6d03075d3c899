#include <algorithm>
#include <charconv>

#include "smee/config_schema.h"
#include "smee/errors.h"
#include "smee/net/ipv4.h"

namespace smee {

std::string_view configTypeName(ConfigType type) {
  switch (type) {
    case ConfigType::Bool:
      return "bool";
    case ConfigType::Int:
      return "int";
    case ConfigType::String:
      return "string";
    case ConfigType::Duration:
      return "duration";
    case ConfigType::StringList:
      return "list";
    case ConfigType::Ipv4:
      return "ipv4";
    case ConfigType::Enum:
      return "enum";
  }
  return "?";
}

bool parseBool(std::string_view text, bool& out) {
  static constexpr std::string_view kTrue[] = {"1", "t", "T", "TRUE", "true", "True"};
  static constexpr std::string_view kFalse[] = {"0", "f", "F", "FALSE", "false", "False"};
  if (std::find(std::begin(kTrue), std::end(kTrue), text) != std::end(kTrue)) {
    out = true;
    return true;
  }
  if (std::find(std::begin(kFalse), std::end(kFalse), text) != std::end(kFalse)) {
    out = false;
    return true;
  }
  return false;
}

namespace {

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::vector<std::string> splitCommaList(std::string_view text) {
  std::vector<std::string> items;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

}  // namespace

ConfigValue parseConfigValue(const ConfigKey& key, std::string_view text) {
  switch (key.type) {
    case ConfigType::Bool: {
      bool value = false;
      if (!parseBool(text, value)) {
        throw ConfigError(key.key, "expected true or false, got " + quoted(text));
      }
      return value;
    }
    case ConfigType::Int: {
      std::int64_t value = 0;
      auto [next, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec != std::errc() || next != text.data() + text.size()) {
        throw ConfigError(key.key, "expected an integer, got " + quoted(text));
      }
      if (value < key.min || value > key.max) {
        throw ConfigError(key.key, "must be between " + std::to_string(key.min) + " and " +
                                       std::to_string(key.max) + ", got " + std::string(text));
      }
      return value;
    }
    case ConfigType::String:
      return std::string(text);
    case ConfigType::Duration: {
      std::chrono::milliseconds value{};
      std::string error;
      if (!parseDuration(text, value, error)) {
        throw ConfigError(key.key,
                          "expected a duration such as 1m30s, 500ms, 2.5s or 1h (" + error + ")");
      }
      return value;
    }
    case ConfigType::StringList:
      return splitCommaList(text);
    case ConfigType::Ipv4:
      if (!text.empty() && !Ipv4Address::parse(text)) {
        throw ConfigError(key.key, "expected an IPv4 address, got " + quoted(text));
      }
      return std::string(text);
    case ConfigType::Enum:
      if (std::find(key.choices.begin(), key.choices.end(), text) == key.choices.end()) {
        throw ConfigError(key.key,
                          "expected one of " + joined(key.choices) + ", got " + quoted(text));
      }
      return std::string(text);
  }
  throw ConfigError(key.key, "has an unknown type");
}

void ConfigValues::set(const std::string& key, ConfigValue value, std::string origin,
                       bool explicitly_set) {
  entries_[key] = Entry{std::move(value), std::move(origin), explicitly_set};
}

const ConfigValues::Entry& ConfigValues::entry(std::string_view key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    throw ConfigError(std::string(key), "is not in this plugin's configuration table");
  }
  return it->second;
}

namespace {
template <class T>
const T& as(const ConfigValues::Entry& entry, std::string_view key) {
  if (const T* value = std::get_if<T>(&entry.value)) return *value;
  throw ConfigError(std::string(key), "was read with the wrong type");
}
}  // namespace

bool ConfigValues::getBool(std::string_view key) const { return as<bool>(entry(key), key); }
std::int64_t ConfigValues::getInt(std::string_view key) const {
  return as<std::int64_t>(entry(key), key);
}
const std::string& ConfigValues::getString(std::string_view key) const {
  return as<std::string>(entry(key), key);
}
std::chrono::milliseconds ConfigValues::getDuration(std::string_view key) const {
  return as<std::chrono::milliseconds>(entry(key), key);
}
const std::vector<std::string>& ConfigValues::getStringList(std::string_view key) const {
  return as<std::vector<std::string>>(entry(key), key);
}
bool ConfigValues::isExplicit(std::string_view key) const { return entry(key).explicitly_set; }
const std::string& ConfigValues::origin(std::string_view key) const { return entry(key).origin; }
bool ConfigValues::contains(std::string_view key) const { return entries_.count(key) != 0; }

}  // namespace smee
