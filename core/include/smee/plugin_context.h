#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "smee/export.h"
#include "smee/log.h"
#include "smee/metrics.h"
#include "smee/runtime.h"

namespace smee {

// The core's face towards one plugin. Services are exchanged through
// string-keyed registry entries (interface id + instance name) and recovered
// with static_pointer_cast: no typeid or dynamic_cast crosses the boundary.
// An interface type names itself with `static constexpr std::string_view
// kInterfaceId = "smee.<area>.<iface>/vN";`.
class SMEE_API PluginContext {
 public:
  virtual ~PluginContext();

  virtual const std::string& pluginName() const = 0;
  // A logger named `component`, or the plugin's name when empty.
  virtual Logger logger(std::string_view component = {}) = 0;
  virtual Metrics& metrics() = 0;
  virtual const RuntimeInfo& runtime() const = 0;
  // Resolves a path from the config relative to the config file's folder.
  virtual std::filesystem::path resolvePath(std::string_view path) const = 0;
  // True when every plugin has started and reports ready (for /readyz).
  virtual bool processReady() const = 0;

  // Registers `impl` as instance `instance` of interface I. Only in
  // configure(), and only for entries the descriptor's `provides` declares.
  template <class I>
  void provide(const std::string& instance, std::shared_ptr<I> impl) {
    provideService(I::kInterfaceId, instance, std::static_pointer_cast<void>(std::move(impl)));
  }

  // The instance `instance` of interface I; throws smee::Error naming what is
  // missing. The interface must be among the descriptor's `requires_`.
  template <class I>
  std::shared_ptr<I> require(std::string_view instance) {
    return std::static_pointer_cast<I>(requireService(I::kInterfaceId, instance));
  }

  // Like require() but returns nullptr when there is no such instance.
  template <class I>
  std::shared_ptr<I> find(std::string_view instance) {
    return std::static_pointer_cast<I>(findService(I::kInterfaceId, instance));
  }

  // Names of every registered instance of interface I, sorted.
  template <class I>
  std::vector<std::string> instances() {
    return serviceInstances(I::kInterfaceId);
  }

 protected:
  virtual void provideService(std::string_view interface_id, const std::string& instance,
                              std::shared_ptr<void> impl) = 0;
  virtual std::shared_ptr<void> requireService(std::string_view interface_id,
                                               std::string_view instance) = 0;
  virtual std::shared_ptr<void> findService(std::string_view interface_id,
                                            std::string_view instance) = 0;
  virtual std::vector<std::string> serviceInstances(std::string_view interface_id) = 0;
};

}  // namespace smee
