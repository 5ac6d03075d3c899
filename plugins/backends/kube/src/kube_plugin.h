#pragma once

#include <memory>
#include <optional>

#include "kube_backend.h"
#include "smee/plugin.h"
#include "smee/plugin_context.h"

namespace smee::backend_kube {

// Serves Tinkerbell Hardware objects from a Kubernetes API server as
// "smee.backend/v1:kube". configure() resolves the kubeconfig (so
// `smeed --check-config` reports a broken one) without connecting; start()
// begins the list and watch in the background.
class KubeBackendPlugin final : public smee::Plugin {
 public:
  static constexpr std::string_view kInstance = "kube";
  ~KubeBackendPlugin() override;

  ConfigSchema schema() const override;
  void configure(const ConfigValues& config, PluginContext& context) override;
  void start(PluginContext& context) override;
  void stop() noexcept override;
  bool ready() const override;

 private:
  std::shared_ptr<KubeBackend> backend_;
  bool ssl_initialized_ = false;
};

}  // namespace smee::backend_kube
