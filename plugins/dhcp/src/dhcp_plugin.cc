#include "dhcp_plugin.h"

#include <algorithm>
#include <charconv>

#include "boot_file_deferring_handler.h"
#include "boot_settings.h"
#include "hooked_handler.h"
#include "journey_handler.h"
#include "proxy_handler.h"
#include "pxe_boot_server_handler.h"
#include "reservation_handler.h"
#include "smee/errors.h"
#include "smee/plugin_context.h"
#include "smee/plugin_helpers.h"

namespace smee::dhcp {
namespace {

ConfigKey key(std::string name, ConfigType type, std::string def, std::string description) {
  return {.key = std::move(name),
          .type = type,
          .default_value = std::move(def),
          .description = std::move(description)};
}
ConfigKey port(std::string name, std::string def, std::string description) {
  return {.key = std::move(name),
          .type = ConfigType::Int,
          .default_value = std::move(def),
          .description = std::move(description),
          .min = 1,
          .max = 65535};
}

// An address key, or the public IP when it is empty.
Ipv4Address addressOr(const ConfigValues& config, const std::string& name, Ipv4Address fallback) {
  const auto& text = config.getString(name);
  return text.empty() ? fallback : *Ipv4Address::parse(text);
}

void parseListenAddress(const std::string& text, ServerSettings& out) {
  auto colon = text.rfind(':');
  auto ip = Ipv4Address::parse(text.substr(0, colon == std::string::npos ? text.size() : colon));
  int port = 0;
  bool port_ok = false;
  if (colon != std::string::npos) {
    auto digits = text.substr(colon + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    port_ok = ec == std::errc() && end == digits.data() + digits.size() && port > 0 && port < 65536;
  }
  if (!ip || !port_ok)
    throw ConfigError("addr", "expected IPv4:port such as 0.0.0.0:67, got '" + text + "'");
  out.address = *ip;
  out.port = static_cast<std::uint16_t>(port);
}

BootSettings bootSettings(const ConfigValues& c, const PluginContext& context) {
  auto public_ip = Ipv4Address::parse(context.runtime().public_ipv4).value_or(Ipv4Address());
  BootSettings s;
  s.ip_for_packet = addressOrPublicIp(c, "ip_for_packet", context);
  s.tftp_ip = addressOrPublicIp(c, "tftp_ip", context);
  s.syslog_ip = addressOr(c, "syslog_ip", public_ip);  // optional: option 7 is left out when unset
  s.tftp_port = static_cast<std::uint16_t>(c.getInt("tftp_port"));
  s.http_binary_scheme = c.getString("http_ipxe_binary_scheme");
  s.http_binary_host = c.getString("http_ipxe_binary_host");
  if (s.http_binary_host.empty()) s.http_binary_host = public_ip.toString();
  s.http_binary_port = static_cast<std::uint16_t>(c.getInt("http_ipxe_binary_port"));
  s.http_binary_path = c.getString("http_ipxe_binary_path");
  s.script_url = c.getString("http_ipxe_script_url");
  if (s.script_url.empty()) {
    const std::string& host = c.getString("http_ipxe_script_host");
    s.script_url = composeScriptUrl(c.getString("http_ipxe_script_scheme"),
                                    host.empty() ? public_ip.toString() : host,
                                    static_cast<std::uint16_t>(c.getInt("http_ipxe_script_port")),
                                    c.getString("http_ipxe_script_path"));
  }
  s.script_prepend_mac = c.getBool("http_ipxe_script_prepend_mac");
  s.ipxe_chain = c.getBool("ipxe_chain");
  s.binaries.applyOverrides(c.getStringList("arch_binaries"));
  return s;
}

// The mode followed by other plugins' reply hooks, in name order, then the
// journey, which so records what actually goes out.
std::shared_ptr<const DhcpHandler> withHooksAndJourney(std::shared_ptr<const DhcpHandler> mode,
                                                       PluginContext& context) {
  std::vector<std::shared_ptr<const DhcpReplyHook>> hooks;
  for (const auto& name : context.instances<DhcpReplyHook>())
    hooks.push_back(context.require<DhcpReplyHook>(name));
  if (!hooks.empty()) mode = std::make_shared<HookedHandler>(mode, std::move(hooks));
  if (auto journey = context.find<BootJourney>("default")) {  // the journey plugin, when loaded
    mode = std::make_shared<JourneyHandler>(mode, std::move(journey));
  }
  return mode;
}

bool isProxyMode(const std::string& mode) { return mode == "proxy" || mode == "auto-proxy"; }

// The PXE boot server listens where the DHCP listener does, on its own port.
ServerSettings pxeServerSettings(const ServerSettings& dhcp, std::uint16_t port) {
  ServerSettings pxe = dhcp;
  pxe.port = port;
  pxe.name = "PXE boot server";
  pxe.metrics_prefix = "smee_dhcp_pxe";
  return pxe;
}

}  // namespace

ConfigSchema DhcpPlugin::schema() const {
  using T = ConfigType;
  return {
      key("enabled", T::Bool, "true", "serve DHCP (false: configure only, bind nothing)"),
      key("mode", T::String, "reservation",
          "DHCP mode: reservation, proxy, auto-proxy (or a mode another plugin provides)"),
      key("backend", T::String, "",
          "backend instance for hardware data (empty: the only one loaded)"),
      key("addr", T::String, "0.0.0.0:67", "IPv4:port to listen on"),
      key("interface", T::String, "", "bind to this interface (SO_BINDTODEVICE)"),
      key("ip_for_packet", T::Ipv4, "",
          "option 54 / next server in reservation mode (empty: public IP)"),
      key("syslog_ip", T::Ipv4, "", "option 7, the syslog server (empty: public IP)"),
      key("tftp_ip", T::Ipv4, "", "TFTP server given to clients (empty: public IP)"),
      port("tftp_port", "69", "TFTP port written into tftp:// boot URLs"),
      key("http_ipxe_binary_scheme", T::String, "http", "scheme of the HTTP iPXE binary URL"),
      key("http_ipxe_binary_host", T::String, "",
          "host of the HTTP iPXE binary URL (empty: public IP)"),
      port("http_ipxe_binary_port", "8080", "port of the HTTP iPXE binary URL"),
      key("http_ipxe_binary_path", T::String, "/ipxe/", "path of the HTTP iPXE binary URL"),
      key("http_ipxe_script_scheme", T::String, "http", "scheme of the iPXE script URL"),
      key("http_ipxe_script_host", T::String, "", "host of the iPXE script URL (empty: public IP)"),
      port("http_ipxe_script_port", "8080", "port of the iPXE script URL"),
      key("http_ipxe_script_path", T::String, "/auto.ipxe", "path of the iPXE script URL"),
      key("http_ipxe_script_url", T::String, "",
          "full iPXE script URL; overrides the four keys above"),
      key("http_ipxe_script_prepend_mac", T::Bool, "true",
          "insert <mac>/ before the script URL's last path element"),
      key("ipxe_chain", T::Bool, "false",
          "chain-load iPXE clients into smeed's binary (for Tinkerbell-built binaries); false "
          "gives them the script URL (stock iPXE)"),
      key("arch_binaries", T::StringList, "", "overrides ARCH=BINARY, e.g. 7=snp-x86_64.efi"),
      {.key = "workers",
       .type = T::Int,
       .default_value = "0",
       .description =
           "worker threads; 0 answers on the receive thread (backends answer from memory)",
       .min = 0,
       .max = 64},
      {.key = "queue_size",
       .type = T::Int,
       .default_value = "256",
       .description = "requests waiting for a worker before new ones are dropped",
       .min = 1,
       .max = 65536},
      {.key = "pxe_port",
       .type = T::Int,
       .default_value = "4011",
       .description = "proxy and auto-proxy modes: UDP port of the PXE boot server that answers "
                      "firmware's requests after the ProxyDHCP offer (0: none)",
       .min = 0,
       .max = 65535},
      key("proxy_defer_boot_file", T::Bool, "false",
          "proxy modes: leave the boot file out of the ProxyDHCP offer, so PXE firmware asks "
          "the PXE boot server (pxe_port) for it"),
  };
}

void DhcpPlugin::configure(const ConfigValues& config, PluginContext& context) {
  enabled_ = config.getBool("enabled");
  parseListenAddress(config.getString("addr"), server_settings_);
  server_settings_.interface = config.getString("interface");
  server_settings_.workers = static_cast<int>(config.getInt("workers"));
  server_settings_.queue_size = static_cast<std::size_t>(config.getInt("queue_size"));

  BootSettings boot = bootSettings(config, context);

  std::string backend_name = chooseInstance<BackendReader>(config, "backend", context);
  auto backend = context.require<BackendReader>(backend_name);
  context.provide<DhcpHandler>("reservation", std::make_shared<ReservationHandler>(backend, boot));
  context.provide<DhcpHandler>("proxy", std::make_shared<ProxyHandler>(backend, boot, false));
  context.provide<DhcpHandler>("auto-proxy", std::make_shared<ProxyHandler>(backend, boot, true));

  mode_ = config.getString("mode");
  if (!backend->holdsHardware() && mode_ != "auto-proxy") {
    throw ConfigError("mode", "the " + backend_name +
                                  " backend holds no hardware: only mode auto-proxy can use it");
  }
  auto available = context.instances<DhcpHandler>();
  if (std::find(available.begin(), available.end(), mode_) == available.end()) {
    std::string names;
    for (const auto& n : available) names += (names.empty() ? "" : ", ") + n;
    throw ConfigError("mode", "unknown DHCP mode '" + mode_ + "' (available: " + names + ")");
  }
  auto mode = context.require<DhcpHandler>(mode_);
  configurePxeBootServer(config, mode, context);
  if (config.getBool("proxy_defer_boot_file"))
    mode = std::make_shared<BootFileDeferringHandler>(mode);
  handler_ = withHooksAndJourney(mode, context);
  tracer_ = context.find<Tracer>("default");
}

void DhcpPlugin::configurePxeBootServer(const ConfigValues& config,
                                        std::shared_ptr<const DhcpHandler> mode,
                                        PluginContext& context) {
  auto port = static_cast<std::uint16_t>(config.getInt("pxe_port"));
  bool defer = config.getBool("proxy_defer_boot_file");
  if (defer && (!isProxyMode(mode_) || port == 0)) {
    throw ConfigError("proxy_defer_boot_file",
                      "needs mode proxy or auto-proxy and a pxe_port: the firmware must be able "
                      "to ask port 4011 for the boot file");
  }
  pxe_handler_.reset();
  if (!isProxyMode(mode_) || port == 0) return;  // reservation answers everything on port 67
  if (port == server_settings_.port)
    throw ConfigError("pxe_port", "must differ from the port of addr");
  pxe_settings_ = pxeServerSettings(server_settings_, port);
  pxe_handler_ =
      withHooksAndJourney(std::make_shared<PxeBootServerHandler>(std::move(mode)), context);
}

void DhcpPlugin::start(PluginContext& context) {
  if (!enabled_) {
    context.logger().info("DHCP is disabled (dhcp.enabled: false); nothing is bound");
    return;
  }
  server_ =
      std::make_unique<DhcpServer>(server_settings_, handler_, context.logger(), context.metrics());
  server_->setTracer(tracer_);
  server_->start();
  context.logger().info("DHCP mode active", {{"mode", mode_}});
  if (pxe_handler_) {
    pxe_server_ = std::make_unique<DhcpServer>(pxe_settings_, pxe_handler_, context.logger(),
                                               context.metrics());
    pxe_server_->setTracer(tracer_);
    pxe_server_->start();
  }
}

void DhcpPlugin::stop() noexcept {
  if (pxe_server_) pxe_server_->stop();
  pxe_server_.reset();
  if (server_) server_->stop();
  server_.reset();
}

}  // namespace smee::dhcp
