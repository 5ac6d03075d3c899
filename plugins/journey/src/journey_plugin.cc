#include "journey_plugin.h"

#include "journey_service.h"
#include "smee/plugin_context.h"

namespace smee::journey {

ConfigSchema JourneyPlugin::schema() const {
  using T = ConfigType;
  return {
      {.key = "max_machines",
       .type = T::Int,
       .default_value = "2048",
       .description = "machines held; the one seen longest ago is let go first",
       .min = 1,
       .max = 1000000},
      {.key = "events_per_machine",
       .type = T::Int,
       .default_value = "64",
       .description = "last events kept of each machine",
       .min = 1,
       .max = 10000},
      {.key = "max_bytes",
       .type = T::Int,
       .default_value = "16777216",
       .description = "memory for all journeys together, approximately (bytes)",
       .min = 65536,
       .max = 1099511627776},
      {.key = "stuck_after",
       .type = T::Duration,
       .default_value = "60s",
       .description = "a machine quiet this long after DHCP or a TFTP start is shown as stuck"},
  };
}

void JourneyPlugin::configure(const ConfigValues& config, PluginContext& context) {
  StoreLimits limits;
  limits.max_machines = static_cast<std::size_t>(config.getInt("max_machines"));
  limits.events_per_machine = static_cast<std::size_t>(config.getInt("events_per_machine"));
  limits.max_bytes = static_cast<std::size_t>(config.getInt("max_bytes"));
  Counter& events =
      context.metrics().counter("smee_journey_events_total", "Boot steps recorded in journeys.");
  Counter& unmatched = context.metrics().counter(
      "smee_journey_unmatched_total",
      "Boot steps for an address no DHCP reply of this server gave out (dropped).");
  context.provide<BootJourney>(
      "default", std::make_shared<JourneyService>(limits, config.getDuration("stuck_after"), events,
                                                  unmatched));
}

void JourneyPlugin::start(PluginContext& context) {
  context.logger().info("boot journeys at /journey on the HTTP server");
}

}  // namespace smee::journey
