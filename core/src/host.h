#pragma once

#include "smee/metrics.h"
#include "smee/runtime.h"
#include "smee/service_registry.h"

namespace smee {

// What the core owns on behalf of every plugin. It outlives the plugins.
struct Host {
  ServiceRegistry services;
  Metrics metrics;
  RuntimeInfo runtime;
};

}  // namespace smee
