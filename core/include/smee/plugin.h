#pragma once

#include "smee/config_schema.h"
#include "smee/export.h"

namespace smee {

class PluginContext;

// What a plugin's create() returns. The lifecycle, driven by the core in
// dependency order, is: create -> schema/configure -> start -> stop ->
// destroy. Threads may be started only in start() and must all be joined by
// stop(). Exceptions thrown here are caught at the boundary and reported with
// the plugin's name; a ConfigError from configure() also gets the position of
// the offending key.
class SMEE_API Plugin {
 public:
  virtual ~Plugin();

  // The plugin's configuration table. Called before configure().
  virtual ConfigSchema schema() const = 0;

  // Validate the decoded block, build state, provide() services and
  // require() the services it uses. Must not bind sockets or start threads:
  // `smeed --check-config` stops after this.
  virtual void configure(const ConfigValues& config, PluginContext& context) = 0;

  // Bind sockets, start threads. The service registry is frozen by now.
  virtual void start(PluginContext& context) = 0;

  // Stop serving and join every thread. Called once, in reverse start order,
  // also for plugins whose start() was reached but that another plugin's
  // failure interrupted. Must not throw.
  virtual void stop() noexcept = 0;

  // SIGHUP: re-read data (hardware files), never plugins or config.
  virtual void reload(PluginContext& context);

  // Readiness for health probes: the plugin serves with its data loaded.
  virtual bool ready() const;
};

}  // namespace smee
