#pragma once

#include <functional>

#include "smee/metrics.h"
#include "smee/runtime.h"
#include "smee/service_registry.h"

namespace smee {

// What the core owns on behalf of every plugin. It outlives the plugins.
struct Host {
  ServiceRegistry services;
  Metrics metrics;
  RuntimeInfo runtime;
  std::function<bool()> ready_check;  // set by the PluginManager
};

}  // namespace smee
