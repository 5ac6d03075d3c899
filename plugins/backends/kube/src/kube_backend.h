#pragma once

#include <memory>

#include "api_client.h"
#include "hardware_cache.h"
#include "reflector.h"
#include "smee/services/backend.h"

namespace smee::backend_kube {

// The BackendReader over the watched Hardware objects. Lookups answer from
// memory only: before the first list they say Unavailable instead of
// waiting on the network (Smee blocked until its informer synced).
class KubeBackend final : public BackendReader {
 public:
  KubeBackend(ApiAccess access, ReflectorOptions options, const Logger& logger, Metrics& metrics);
  ~KubeBackend() override;

  void start() { reflector_.start(); }
  void stop() noexcept { reflector_.stop(); }

  LookupResult byMac(const MacAddress& mac) const override;
  LookupResult byIp(Ipv4Address ip) const override;
  bool ready() const override { return reflector_.synced(); }

  bool waitForSync(std::chrono::milliseconds timeout) const {
    return reflector_.waitForSync(timeout);
  }
  const HardwareCache& cache() const { return cache_; }
  const ApiClient& client() const { return client_; }

 private:
  LookupResult notSynced() const;

  ApiClient client_;
  HardwareCache cache_;
  Reflector reflector_;
};

}  // namespace smee::backend_kube
