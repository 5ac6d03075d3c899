#include "noop_backend.h"

#include <memory>

#include "smee/plugin_context.h"

namespace smee::backend_noop {

LookupResult NoopBackend::byMac(const MacAddress& mac) const {
  return {LookupStatus::Unavailable, nullptr,
          "noop backend holds no hardware (mac " + mac.toString() + ")"};
}

LookupResult NoopBackend::byIp(Ipv4Address ip) const {
  return {LookupStatus::Unavailable, nullptr,
          "noop backend holds no hardware (ip " + ip.toString() + ")"};
}

void NoopBackendPlugin::configure(const ConfigValues& /*config*/, PluginContext& context) {
  context.provide<BackendReader>("noop", std::make_shared<NoopBackend>());
}

void NoopBackendPlugin::start(PluginContext& context) {
  context.logger().info("noop backend active: every hardware lookup is answered 'unavailable'");
}

}  // namespace smee::backend_noop
