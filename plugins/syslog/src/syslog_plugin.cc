#include "syslog_plugin.h"

#include "smee/errors.h"
#include "smee/plugin_context.h"
#include "smee/plugin_helpers.h"

namespace smee::syslog {

ConfigSchema SyslogPlugin::schema() const {
  using T = ConfigType;
  return {
      {.key = "addr",
       .type = T::Ipv4,
       .description = "IPv4 address to listen on (empty: the public IP)"},
      {.key = "port",
       .type = T::Int,
       .default_value = "514",
       .description = "UDP port",
       .min = 0,
       .max = 65535},
      {.key = "queue_size",
       .type = T::Int,
       .default_value = "8192",
       .description = "messages waiting to be logged before new ones are dropped",
       .min = 1,
       .max = 1000000},
      {.key = "backend",
       .type = T::String,
       .description = "backend that names senders (empty: the only one loaded)"},
  };
}

void SyslogPlugin::configure(const ConfigValues& config, PluginContext& context) {
  settings_.address = addressOrPublicIp(config, "addr", context);
  settings_.port = static_cast<std::uint16_t>(config.getInt("port"));
  settings_.queue_size = static_cast<std::size_t>(config.getInt("queue_size"));
  backend_ =
      context.require<BackendReader>(chooseInstance<BackendReader>(config, "backend", context));
}

void SyslogPlugin::start(PluginContext& context) {
  receiver_ =
      std::make_unique<SyslogReceiver>(settings_, backend_, context.logger(), context.metrics());
  receiver_->setJourney(context.find<BootJourney>("default"));  // the journey plugin, when loaded
  receiver_->start();
}

void SyslogPlugin::stop() noexcept {
  if (receiver_) receiver_->stop();
  receiver_.reset();
}

}  // namespace smee::syslog
