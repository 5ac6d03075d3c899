#pragma once

#include <memory>
#include <string>

#include "host.h"
#include "plugin_loader.h"
#include "smee/plugin_context.h"

namespace smee {

// The PluginContext of one plugin: checks that it provides and requires
// only what its descriptor declared, and ties every service it registers to
// its library so the code stays mapped while anyone holds the service.
class PluginContextImpl final : public PluginContext {
 public:
  PluginContextImpl(Host& host, const OpenedPlugin& plugin);

  const std::string& pluginName() const override { return plugin_.name; }
  Logger logger(std::string_view component) override;
  Metrics& metrics() override { return host_.metrics; }
  const RuntimeInfo& runtime() const override { return host_.runtime; }
  std::filesystem::path resolvePath(std::string_view path) const override;
  bool processReady() const override { return host_.ready_check && host_.ready_check(); }

 protected:
  void provideService(std::string_view interface_id, const std::string& instance,
                      std::shared_ptr<void> impl) override;
  std::shared_ptr<void> requireService(std::string_view interface_id,
                                       std::string_view instance) override;
  std::shared_ptr<void> findService(std::string_view interface_id,
                                    std::string_view instance) override;
  std::vector<std::string> serviceInstances(std::string_view interface_id) override;

 private:
  void checkDeclaredRequirement(std::string_view interface_id, std::string_view instance) const;
  Host& host_;
  const OpenedPlugin& plugin_;
};

}  // namespace smee
