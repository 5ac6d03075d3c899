#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "smee/config_schema.h"
#include "smee/errors.h"
#include "smee/net/ipv4.h"
#include "smee/plugin_context.h"

namespace smee {

// The IPv4 address in `key`, or the public IP (configured or detected) when
// the key is empty, as Smee's <auto> defaults. Throws ConfigError(key) when
// neither gives an address.
inline Ipv4Address addressOrPublicIp(const ConfigValues& config, const std::string& key,
                                     const PluginContext& context) {
  const std::string& text = config.getString(key);
  auto ip = Ipv4Address::parse(text.empty() ? context.runtime().public_ipv4 : text);
  if (!ip) throw ConfigError(key, "is not set and no public IPv4 address was detected");
  return *ip;
}

// The instance of interface I that `key` names, or the only one loaded when
// the key is empty. Throws ConfigError(key) when that choice is ambiguous.
template <class I>
std::string chooseInstance(const ConfigValues& config, const std::string& key,
                           PluginContext& context) {
  const std::string& wanted = config.getString(key);
  if (!wanted.empty()) return wanted;
  auto available = context.instances<I>();
  if (available.size() == 1) return available.front();
  std::string names;
  for (const auto& name : available) names += (names.empty() ? "" : ", ") + name;
  throw ConfigError(key, available.empty()
                             ? "no " + std::string(I::kInterfaceId) + " instance is loaded"
                             : "several are loaded (" + names + "): choose one");
}

// For an optional service: the instance `key` names (required then), the
// only one loaded, or nullptr when none or several are loaded and the key
// is empty.
template <class I>
std::shared_ptr<I> findChosenInstance(const ConfigValues& config, const std::string& key,
                                      PluginContext& context) {
  const std::string& wanted = config.getString(key);
  if (!wanted.empty()) return context.require<I>(wanted);
  auto available = context.instances<I>();
  return available.size() == 1 ? context.find<I>(available.front()) : nullptr;
}

}  // namespace smee
