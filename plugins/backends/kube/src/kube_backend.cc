#include "kube_backend.h"

namespace smee::backend_kube {

KubeBackend::KubeBackend(ApiAccess access, ReflectorOptions options, const Logger& logger,
                         Metrics& metrics)
    : client_(std::move(access)),
      cache_(client_.server(), logger),
      reflector_(client_, cache_, std::move(options), logger, metrics) {}

KubeBackend::~KubeBackend() { reflector_.stop(); }

LookupResult KubeBackend::notSynced() const {
  return {LookupStatus::Unavailable, nullptr,
          "hardware from " + client_.server() + " not listed yet"};
}

LookupResult KubeBackend::byMac(const MacAddress& mac) const {
  if (!reflector_.synced()) return notSynced();
  return cache_.byMac(mac);
}

LookupResult KubeBackend::byIp(Ipv4Address ip) const {
  if (!reflector_.synced()) return notSynced();
  return cache_.byIp(ip);
}

}  // namespace smee::backend_kube
