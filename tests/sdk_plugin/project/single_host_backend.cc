// A backend that knows exactly one machine, described in its config block.
// It includes nothing but the installed <smee/...> headers.
#include <smee/errors.h>
#include <smee/plugin.h>
#include <smee/plugin_context.h>
#include <smee/plugin_entry.h>
#include <smee/services/backend.h>

namespace {

class SingleHostBackend final : public smee::BackendReader {
 public:
  explicit SingleHostBackend(smee::HardwareRecord record)
      : record_(std::make_shared<const smee::HardwareRecord>(std::move(record))) {}
  smee::LookupResult byMac(const smee::MacAddress& mac) const override {
    if (mac == record_->dhcp.mac) return {smee::LookupStatus::Found, record_, ""};
    return {smee::LookupStatus::NotFound, nullptr, "not the single host"};
  }
  smee::LookupResult byIp(smee::Ipv4Address ip) const override {
    if (record_->dhcp.ip && *record_->dhcp.ip == ip)
      return {smee::LookupStatus::Found, record_, ""};
    return {smee::LookupStatus::NotFound, nullptr, "not the single host"};
  }
  bool ready() const override { return true; }

 private:
  std::shared_ptr<const smee::HardwareRecord> record_;
};

class SingleHostPlugin final : public smee::Plugin {
 public:
  smee::ConfigSchema schema() const override {
    return {{.key = "mac", .type = smee::ConfigType::String, .description = "the machine's MAC"},
            {.key = "ip", .type = smee::ConfigType::Ipv4, .description = "its reserved IPv4"}};
  }
  void configure(const smee::ConfigValues& config, smee::PluginContext& context) override {
    auto mac = smee::MacAddress::parse(config.getString("mac"));
    if (!mac) throw smee::ConfigError("mac", "is not a MAC address");
    smee::HardwareRecord record;
    record.dhcp.mac = *mac;
    record.dhcp.ip = smee::Ipv4Address::parse(config.getString("ip"));
    record.netboot.allow_pxe = true;
    context.provide<smee::BackendReader>("single-host",
                                         std::make_shared<SingleHostBackend>(record));
    context.logger().info("single host configured", {{"mac", mac->toString()}});
  }
  void start(smee::PluginContext&) override {}
  void stop() noexcept override {}
};

constexpr const char* kProvides[] = {"smee.backend/v1:single-host", nullptr};
constexpr const char* kRequires[] = {nullptr};

}  // namespace

SMEE_DEFINE_PLUGIN(SingleHostPlugin, "backend-single-host", "1.0.0",
                   "one machine from the config block (SDK example)", kProvides, kRequires,
                   SMEE_PLUGIN_THREAD_SAFE)
