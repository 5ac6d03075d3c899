#include "smee/service_registry.h"

#include "smee/errors.h"

namespace smee {

void ServiceRegistry::provide(std::string_view interface_id, const std::string& instance,
                              std::shared_ptr<void> impl, const std::string& provider) {
  std::string key_text = std::string(interface_id) + ":" + instance;
  if (frozen_) {
    throw Error("service " + key_text + " provided after start-up (registry is frozen)");
  }
  if (!impl) {
    throw Error("service " + key_text + " provided as a null pointer");
  }
  Key key{std::string(interface_id), instance};
  if (auto it = entries_.find(key); it != entries_.end()) {
    throw Error("service " + key_text + " is provided twice (by '" + it->second.provider +
                "' and by '" + provider + "')");
  }
  entries_.emplace(std::move(key), Entry{std::move(impl), provider});
}

const ServiceRegistry::Entry* ServiceRegistry::find(std::string_view interface_id,
                                                    std::string_view instance) const {
  auto it = entries_.find(Key{std::string(interface_id), std::string(instance)});
  return it == entries_.end() ? nullptr : &it->second;
}

std::vector<std::string> ServiceRegistry::instances(std::string_view interface_id) const {
  std::vector<std::string> names;
  for (const auto& [key, entry] : entries_) {
    if (key.first == interface_id) names.push_back(key.second);
  }
  return names;
}

void ServiceRegistry::clear() { entries_.clear(); }

}  // namespace smee
