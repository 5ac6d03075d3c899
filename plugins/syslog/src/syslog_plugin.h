#pragma once

#include <memory>

#include "smee/plugin.h"
#include "syslog_receiver.h"

namespace smee::syslog {

// Plugin `syslog`: the syslog receiver (Smee's UDP 514).
class SyslogPlugin final : public Plugin {
 public:
  ConfigSchema schema() const override;
  void configure(const ConfigValues& config, PluginContext& context) override;
  void start(PluginContext& context) override;
  void stop() noexcept override;

 private:
  ReceiverSettings settings_;
  std::shared_ptr<const BackendReader> backend_;
  std::unique_ptr<SyslogReceiver> receiver_;
};

}  // namespace smee::syslog
