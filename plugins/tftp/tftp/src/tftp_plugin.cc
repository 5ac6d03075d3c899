#include "tftp_plugin.h"

#include "smee/errors.h"
#include "smee/plugin_context.h"
#include "smee/plugin_helpers.h"

namespace smee::tftp {

ConfigSchema TftpPlugin::schema() const {
  using T = ConfigType;
  return {
      {.key = "addr",
       .type = T::Ipv4,
       .default_value = "",
       .description = "IPv4 address to listen on (empty: the public IP, as Smee)"},
      {.key = "port",
       .type = T::Int,
       .default_value = "69",
       .description = "UDP port",
       .min = 0,
       .max = 65535},
      {.key = "timeout",
       .type = T::Duration,
       .default_value = "5s",
       .description = "wait for an ACK before resending (a client's timeout option wins)"},
      {.key = "retries",
       .type = T::Int,
       .default_value = "5",
       .description = "resends of one block before the transfer is abandoned",
       .min = 1,
       .max = 50},
      {.key = "block_size",
       .type = T::Int,
       .default_value = "1468",
       .description = "largest blksize granted; also capped by the interface MTU",
       .min = 512,
       .max = 65464},
      {.key = "max_windowsize",
       .type = T::Int,
       .default_value = "64",
       .description = "largest RFC 7440 window granted (1 disables windows)",
       .min = 1,
       .max = 65535},
      {.key = "single_port",
       .type = T::Bool,
       .default_value = "true",
       .description =
           "whole transfer on the listening port (Smee's way; works through NAT); false: "
           "a new port per transfer (RFC 1350)"},
      {.key = "max_transfers",
       .type = T::Int,
       .default_value = "1024",
       .description = "concurrent transfers; more are refused with an error",
       .min = 1,
       .max = 100000},
      {.key = "backend",
       .type = T::String,
       .default_value = "",
       .description =
           "backend that names machines in log lines (empty: the only one loaded, if any)"},
  };
}

void TftpPlugin::configure(const ConfigValues& config, PluginContext& context) {
  settings_.address = addressOrPublicIp(config, "addr", context);
  settings_.port = static_cast<std::uint16_t>(config.getInt("port"));
  settings_.timeout = config.getDuration("timeout");
  if (settings_.timeout.count() < 100) throw ConfigError("timeout", "must be at least 100ms");
  settings_.retries = static_cast<int>(config.getInt("retries"));
  settings_.block_size = static_cast<std::uint16_t>(config.getInt("block_size"));
  settings_.max_windowsize = static_cast<std::uint16_t>(config.getInt("max_windowsize"));
  settings_.single_port = config.getBool("single_port");
  settings_.max_transfers = static_cast<std::size_t>(config.getInt("max_transfers"));
  source_ = context.require<IpxeBinarySource>("default");
  // Optional: with a backend loaded, log lines name the machine by MAC.
  backend_ = findChosenInstance<BackendReader>(config, "backend", context);
  tracer_ = context.find<Tracer>("default");        // the otel plugin, when loaded
  journey_ = context.find<BootJourney>("default");  // the journey plugin, when loaded
}

void TftpPlugin::start(PluginContext& context) {
  server_ = std::make_unique<TftpServer>(settings_, source_, context.logger(), context.metrics(),
                                         backend_);
  server_->setTracer(tracer_);
  server_->setJourney(journey_);
  server_->start();
}

void TftpPlugin::stop() noexcept {
  if (server_) server_->stop();
  server_.reset();
}

}  // namespace smee::tftp
