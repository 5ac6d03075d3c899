#include "plugin_context_impl.h"

#include <algorithm>

#include "log_system.h"
#include "smee/errors.h"

namespace smee {

PluginContextImpl::PluginContextImpl(Host& host, const OpenedPlugin& plugin)
    : host_(host), plugin_(plugin) {}

Logger PluginContextImpl::logger(std::string_view component) {
  return Logger(LogSystem::logger(component.empty() ? plugin_.name : std::string(component)));
}

std::filesystem::path PluginContextImpl::resolvePath(std::string_view path) const {
  std::filesystem::path p(path);
  if (p.empty() || p.is_absolute()) return p;
  return (host_.runtime.config_dir / p).lexically_normal();
}

void PluginContextImpl::provideService(std::string_view interface_id, const std::string& instance,
                                       std::shared_ptr<void> impl) {
  std::string entry = std::string(interface_id) + ":" + instance;
  if (std::find(plugin_.provides.begin(), plugin_.provides.end(), entry) ==
      plugin_.provides.end()) {
    throw Error("plugin '" + plugin_.name + "': provides " + entry +
                ", which its descriptor does not declare");
  }
  // The wrapper's deleter lives in the core: it releases the plugin's object
  // first (plugin code runs while the library is still held), then the hold.
  auto library = plugin_.library;
  std::shared_ptr<void> tied(impl.get(), [impl, library](void*) mutable {
    impl.reset();
    library.reset();
  });
  host_.services.provide(interface_id, instance, std::move(tied), plugin_.name);
}

void PluginContextImpl::checkDeclaredRequirement(std::string_view interface_id,
                                                 std::string_view instance) const {
  std::string exact = std::string(interface_id) + ":" + std::string(instance);
  for (const auto& entry : plugin_.requires_) {
    std::string_view declared = entry;
    if (!declared.empty() && declared.front() == '?') declared.remove_prefix(1);  // optional
    if (declared == interface_id || declared == exact) return;
  }
  throw Error("plugin '" + plugin_.name + "': uses " + exact +
              " without declaring it in its descriptor's requires");
}

std::shared_ptr<void> PluginContextImpl::requireService(std::string_view interface_id,
                                                        std::string_view instance) {
  checkDeclaredRequirement(interface_id, instance);
  if (const auto* entry = host_.services.find(interface_id, instance)) return entry->impl;
  std::string available;
  for (const auto& name : host_.services.instances(interface_id)) {
    available += (available.empty() ? "" : ", ") + name;
  }
  throw Error("plugin '" + plugin_.name + "': needs " + std::string(interface_id) + " instance '" +
              std::string(instance) + "', which no loaded plugin provides (available: " +
              (available.empty() ? "none" : available) + ")");
}

std::shared_ptr<void> PluginContextImpl::findService(std::string_view interface_id,
                                                     std::string_view instance) {
  checkDeclaredRequirement(interface_id, instance);
  const auto* entry = host_.services.find(interface_id, instance);
  return entry ? entry->impl : nullptr;
}

std::vector<std::string> PluginContextImpl::serviceInstances(std::string_view interface_id) {
  return host_.services.instances(interface_id);
}

}  // namespace smee
