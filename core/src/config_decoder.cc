#include "config_decoder.h"

#include <algorithm>

#include "config_file.h"
#include "smee/errors.h"

namespace smee {
namespace {

const ConfigKey* findKey(const ConfigSchema& schema, const std::string& key) {
  for (const auto& row : schema) {
    if (row.key == key) return &row;
  }
  return nullptr;
}

bool hasKeysUnder(const ConfigSchema& schema, const std::string& prefix) {
  return std::any_of(schema.begin(), schema.end(),
                     [&](const ConfigKey& row) { return row.key.rfind(prefix + ".", 0) == 0; });
}

std::string knownKeys(const ConfigSchema& schema) {
  std::string out;
  for (const auto& row : schema) {
    if (!out.empty()) out += ", ";
    out += row.key;
  }
  return out.empty() ? "none" : out;
}

std::string qualified(const std::string& block, const std::string& key) {
  return key.empty() ? block : block + "." + key;
}

class BlockDecoder {
 public:
  BlockDecoder(const std::string& block, const ConfigSchema& schema, const std::string& file,
               ConfigValues& values)
      : block_(block), schema_(schema), file_(file), values_(values) {}

  void decodeMap(const YAML::Node& node, const std::string& prefix) {
    if (!node.IsMap()) {
      fail(node, prefix,
           prefix.empty() ? "the block must be a mapping of key: value" : "must be a mapping");
    }
    for (const auto& item : node) {
      if (!item.first.IsScalar()) fail(item.first, prefix, "keys must be names");
      std::string key = prefix.empty() ? item.first.Scalar() : prefix + "." + item.first.Scalar();
      if (const ConfigKey* row = findKey(schema_, key)) {
        decodeValue(*row, item.second);
      } else if (hasKeysUnder(schema_, key)) {
        decodeMap(item.second, key);
      } else {
        fail(item.first, key, "unknown key (known keys: " + knownKeys(schema_) + ")");
      }
    }
  }

 private:
  void decodeValue(const ConfigKey& row, const YAML::Node& node) {
    std::string origin = markText(file_, node.Mark());
    try {
      if (row.type == ConfigType::StringList) {
        values_.set(row.key, listOf(row, node), origin, true);
      } else if (node.IsNull()) {
        values_.set(row.key, parseConfigValue(row, ""), origin, true);
      } else if (node.IsScalar()) {
        values_.set(row.key, parseConfigValue(row, node.Scalar()), origin, true);
      } else {
        fail(node, row.key,
             "expected a single " + std::string(configTypeName(row.type)) + " value");
      }
    } catch (const ConfigError& e) {
      fail(node, row.key, e.what());
    }
  }

  std::vector<std::string> listOf(const ConfigKey& row, const YAML::Node& node) {
    if (node.IsNull()) return {};
    if (node.IsScalar())
      return std::get<std::vector<std::string>>(parseConfigValue(row, node.Scalar()));
    if (!node.IsSequence()) fail(node, row.key, "expected a list");
    std::vector<std::string> items;
    for (const auto& item : node) {
      if (!item.IsScalar()) fail(item, row.key, "list items must be plain values");
      items.push_back(item.Scalar());
    }
    return items;
  }

  [[noreturn]] void fail(const YAML::Node& node, const std::string& key,
                         const std::string& message) {
    throw Error(markText(file_, node.Mark()) + ": " + qualified(block_, key) + ": " + message);
  }

  const std::string& block_;
  const ConfigSchema& schema_;
  const std::string& file_;
  ConfigValues& values_;
};

}  // namespace

ConfigValues decodeBlock(const std::string& block_name, const ConfigSchema& schema,
                         const YAML::Node& block, const std::string& file,
                         const std::vector<ConfigOverride>& overrides) {
  ConfigValues values;
  for (const auto& row : schema) {
    try {
      values.set(row.key, parseConfigValue(row, row.default_value), "default", false);
    } catch (const ConfigError& e) {
      throw Error("plugin '" + block_name + "': the default of " + row.key +
                  " is invalid: " + e.what());
    }
  }
  if (block && !block.IsNull()) {
    BlockDecoder(block_name, schema, file, values).decodeMap(block, "");
  }
  for (const auto& override_value : overrides) {
    if (override_value.block != block_name) continue;
    const ConfigKey* row = findKey(schema, override_value.key);
    if (!row) {
      throw OverrideError(override_value.origin + ": " + qualified(block_name, override_value.key) +
                          ": this build's plugin has no such key");
    }
    try {
      values.set(row->key, parseConfigValue(*row, override_value.value), override_value.origin,
                 true);
    } catch (const ConfigError& e) {
      throw OverrideError(override_value.origin + ": " + qualified(block_name, row->key) + ": " +
                          e.what());
    }
  }
  return values;
}

void rethrowWithOrigin(const std::string& block_name, const ConfigValues& values,
                       const std::string& key, const std::string& message) {
  std::string where = "plugin '" + block_name + "'";
  if (!key.empty() && values.contains(key)) {
    const std::string& origin = values.origin(key);
    where = origin == "default" ? where + " (default value)" : origin;
  }
  throw Error(where + ": " + qualified(block_name, key) + ": " + message);
}

}  // namespace smee
