#pragma once

#include <memory>

#include "smee/plugin.h"
#include "tftp_server.h"

namespace smee::tftp {

// Plugin `tftp`: serves the iPXE binary source over TFTP.
class TftpPlugin final : public Plugin {
 public:
  ConfigSchema schema() const override;
  void configure(const ConfigValues& config, PluginContext& context) override;
  void start(PluginContext& context) override;
  void stop() noexcept override;

 private:
  ServerSettings settings_;
  std::shared_ptr<const IpxeBinarySource> source_;
  std::shared_ptr<const BackendReader> backend_;  // optional: names machines in logs
  std::shared_ptr<Tracer> tracer_;                // optional: the otel plugin's
  std::shared_ptr<BootJourney> journey_;          // optional: the journey plugin's
  std::unique_ptr<TftpServer> server_;
};

}  // namespace smee::tftp
