#include "smee_flags.h"

#include <algorithm>
#include <cctype>

#include "smee/config_schema.h"
#include "smee/errors.h"

namespace smee {
namespace {

using K = SmeeFlagKind;

// Spec section 1.3, row for row. Keys of plugins that later issues build are
// named here so that every Smee flag already has a home.
const std::vector<SmeeFlag> kFlags = {
    {"log-level", K::String, "info", "log level (debug, info, warn, error)", "smee", "log.level",
     ""},
    {"dhcp-enabled", K::Bool, "true", "[dhcp] enable DHCP server", "", "", "dhcp"},
    {"dhcp-mode", K::String, "reservation", "[dhcp] DHCP mode (reservation, proxy, auto-proxy)",
     "dhcp", "mode", ""},
    {"dhcp-addr", K::String, "0.0.0.0:67", "[dhcp] local IP:Port to listen on for DHCP requests",
     "dhcp", "addr", ""},
    {"dhcp-iface", K::String, "", "[dhcp] interface to bind to for DHCP requests", "dhcp",
     "interface", ""},
    {"dhcp-ip-for-packet", K::String, "<auto>",
     "[dhcp] IP address to use in DHCP packets (opt 54, etc)", "dhcp", "ip_for_packet", ""},
    {"dhcp-syslog-ip", K::String, "<auto>",
     "[dhcp] syslog server IP address to use in DHCP packets (opt 7)", "dhcp", "syslog_ip", ""},
    {"dhcp-tftp-ip", K::String, "<auto>",
     "[dhcp] TFTP server IP address to use in DHCP packets (opt 66, etc)", "dhcp", "tftp_ip", ""},
    {"dhcp-tftp-port", K::Int, "69", "[dhcp] TFTP server port to use in DHCP packets (opt 66, etc)",
     "dhcp", "tftp_port", ""},
    {"dhcp-http-ipxe-binary-scheme", K::String, "http",
     "[dhcp] HTTP iPXE binaries scheme to use in DHCP packets", "dhcp", "http_ipxe_binary_scheme",
     ""},
    {"dhcp-http-ipxe-binary-host", K::String, "<auto>",
     "[dhcp] HTTP iPXE binaries host or IP to use in DHCP packets", "dhcp", "http_ipxe_binary_host",
     ""},
    {"dhcp-http-ipxe-binary-port", K::Int, "8080",
     "[dhcp] HTTP iPXE binaries port to use in DHCP packets", "dhcp", "http_ipxe_binary_port", ""},
    {"dhcp-http-ipxe-binary-path", K::String, "/ipxe/",
     "[dhcp] HTTP iPXE binaries path to use in DHCP packets", "dhcp", "http_ipxe_binary_path", ""},
    {"dhcp-http-ipxe-script-scheme", K::String, "http",
     "[dhcp] HTTP iPXE script scheme to use in DHCP packets", "dhcp", "http_ipxe_script_scheme",
     ""},
    {"dhcp-http-ipxe-script-host", K::String, "<auto>",
     "[dhcp] HTTP iPXE script host or IP to use in DHCP packets", "dhcp", "http_ipxe_script_host",
     ""},
    {"dhcp-http-ipxe-script-port", K::Int, "8080",
     "[dhcp] HTTP iPXE script port to use in DHCP packets", "dhcp", "http_ipxe_script_port", ""},
    {"dhcp-http-ipxe-script-path", K::String, "/auto.ipxe",
     "[dhcp] HTTP iPXE script path to use in DHCP packets", "dhcp", "http_ipxe_script_path", ""},
    {"dhcp-http-ipxe-script-url", K::String, "",
     "[dhcp] HTTP iPXE script URL to use in DHCP packets, this overrides the flags for "
     "ipxe-script-scheme, host, port and path",
     "dhcp", "http_ipxe_script_url", ""},
    {"dhcp-http-ipxe-script-prepend-mac", K::Bool, "true",
     "[dhcp] prepend the hardware MAC address to iPXE script URL base, http://1.2.3.4/auto.ipxe -> "
     "http://1.2.3.4/40:15:ff:89:cc:0e/auto.ipxe",
     "dhcp", "http_ipxe_script_prepend_mac", ""},
    {"tftp-enabled", K::Bool, "true", "[tftp] enable iPXE TFTP binary server", "", "", "tftp"},
    {"tftp-addr", K::String, "<auto>", "[tftp] local IP to listen on for iPXE TFTP binary requests",
     "tftp", "addr", ""},
    {"tftp-port", K::Int, "69", "[tftp] local port to listen on for iPXE TFTP binary requests",
     "tftp", "port", ""},
    {"tftp-timeout", K::Duration, "5s", "[tftp] iPXE TFTP binary server requests timeout", "tftp",
     "timeout", ""},
    // smeed's help states its own default and range (the tftp plugin's
    // schema), not Smee's 512/65456: 1468 fills one Ethernet frame.
    {"tftp-block-size", K::Int, "1468",
     "[tftp] largest TFTP block size granted, between 512 and 65464; also capped by the interface "
     "MTU",
     "tftp", "block_size", ""},
    {"ipxe-script-patch", K::String, "",
     "[tftp/http] iPXE script fragment to patch into served iPXE binaries served via TFTP or HTTP",
     "ipxe-binaries", "script_patch", ""},
    {"http-ipxe-binary-enabled", K::Bool, "true", "[http] enable iPXE HTTP binary server", "http",
     "ipxe_binary_enabled", ""},
    {"http-ipxe-script-enabled", K::Bool, "true", "[http] enable iPXE HTTP script server", "http",
     "ipxe_script_enabled", ""},
    {"http-addr", K::String, "<auto>", "[http] local IP to listen on for iPXE HTTP script requests",
     "http", "addr", ""},
    {"http-port", K::Int, "8080", "[http] local port to listen on for iPXE HTTP script requests",
     "http", "port", ""},
    {"extra-kernel-args", K::String, "",
     "[http] extra set of kernel args (k=v k=v) that are appended to the kernel cmdline iPXE "
     "script",
     "ipxe-script", "extra_kernel_args", ""},
    {"trusted-proxies", K::String, "",
     "[http] comma separated list of trusted proxies in CIDR notation", "http", "trusted_proxies",
     ""},
    {"osie-url", K::String, "", "[http] URL where OSIE (HookOS) images are located", "ipxe-script",
     "osie_url", ""},
    {"tink-server", K::String, "", "[http] IP:Port for the Tink server", "ipxe-script",
     "tink_server", ""},
    {"tink-server-tls", K::Bool, "false", "[http] use TLS for Tink server", "ipxe-script",
     "tink_server_tls", ""},
    {"tink-server-insecure-tls", K::Bool, "false", "[http] use insecure TLS for Tink server",
     "ipxe-script", "tink_server_insecure_tls", ""},
    {"ipxe-script-retries", K::Int, "0",
     "[http] number of retries to attempt when fetching kernel and initrd files in the iPXE script",
     "ipxe-script", "retries", ""},
    {"ipxe-script-retry-delay", K::Int, "2",
     "[http] delay (in seconds) between retries when fetching kernel and initrd files in the iPXE "
     "script",
     "ipxe-script", "retry_delay", ""},
    {"syslog-enabled", K::Bool, "true", "[syslog] enable Syslog server(receiver)", "", "",
     "syslog"},
    {"syslog-addr", K::String, "<auto>", "[syslog] local IP to listen on for Syslog messages",
     "syslog", "addr", ""},
    {"syslog-port", K::Int, "514", "[syslog] local port to listen on for Syslog messages", "syslog",
     "port", ""},
    {"backend-kube-enabled", K::Bool, "true",
     "[backend] enable the kubernetes backend for DHCP and the HTTP iPXE script", "", "",
     "backend-kube"},
    {"backend-kube-config", K::String, "",
     "[backend] the Kubernetes config file location, kube backend only", "backend-kube", "config",
     ""},
    {"backend-kube-api", K::String, "",
     "[backend] the Kubernetes API URL, used for in-cluster client construction, kube backend only",
     "backend-kube", "api", ""},
    {"backend-kube-namespace", K::String, "",
     "[backend] an optional Kubernetes namespace override to query hardware data from, kube "
     "backend only",
     "backend-kube", "namespace", ""},
    {"backend-file-enabled", K::Bool, "false",
     "[backend] enable the file backend for DHCP and the HTTP iPXE script", "", "", "backend-file"},
    {"backend-file-path", K::String, "",
     "[backend] the hardware yaml file path for the file backend", "backend-file", "path", ""},
    {"backend-noop-enabled", K::Bool, "false",
     "[backend] run the system with no backend, only valid with dhcp-mode=auto-proxy", "", "",
     "backend-noop"},
    {"otel-endpoint", K::String, "", "[otel] OpenTelemetry collector endpoint", "otel", "endpoint",
     ""},
    {"otel-insecure", K::Bool, "true", "[otel] OpenTelemetry collector insecure", "otel",
     "insecure", ""},
    {"iso-enabled", K::Bool, "false", "[iso] enable patching an OSIE ISO", "", "", "iso"},
    {"iso-url", K::String, "", "[iso] an ISO source URL target for patching", "iso", "url", ""},
    {"iso-magic-string", K::String, "",
     "[iso] the string pattern to match for in the source ISO, if not set the default from HookOS "
     "is used",
     "iso", "magic_string", ""},
    {"iso-static-ipam-enabled", K::Bool, "false", "[iso] enable static IPAM for HookOS", "iso",
     "static_ipam_enabled", ""},
};

std::string tagOf(std::string_view usage) {
  if (usage.empty() || usage.front() != '[') return {};
  auto close = usage.find(']');
  return close == std::string_view::npos ? std::string() : std::string(usage.substr(0, close + 1));
}

void checkForm(const SmeeFlag& flag, const std::string& value, const std::string& origin) {
  bool ok = true;
  std::string expected;
  switch (flag.kind) {
    case K::Bool: {
      bool b = false;
      ok = parseBool(value, b);
      expected = "a boolean (true or false)";
      break;
    }
    case K::Int: {
      ConfigKey key{.key = std::string(flag.name), .type = ConfigType::Int};
      try {
        parseConfigValue(key, value);
      } catch (const ConfigError&) {
        ok = false;
      }
      expected = "an integer";
      break;
    }
    case K::Duration: {
      std::chrono::milliseconds d{};
      std::string error;
      ok = parseDuration(value, d, error);
      expected = "a duration such as 1m30s, 500ms or 5s (" + error + ")";
      break;
    }
    case K::String:
      break;
  }
  if (!ok) {
    throw Error(origin + ": invalid value \"" + value + "\": expected " + expected);
  }
}

// Smee flags whose value two smeed plugins need: Smee's one process read
// the flag everywhere, smeed hands it to each plugin that uses it.
void addDerivedOverrides(const SmeeFlag& flag, const std::string& value, const std::string& origin,
                         SmeeSettings& settings) {
  if (flag.name == "dhcp-syslog-ip") {
    settings.overrides.push_back({"ipxe-script", "syslog_host", value, origin});
    settings.overrides.push_back({"iso", "syslog_host", value, origin});
  } else if (flag.name == "tink-server" || flag.name == "tink-server-tls" ||
             flag.name == "extra-kernel-args") {
    // The patched ISO carries the same kernel arguments as the hook script.
    settings.overrides.push_back({"iso", std::string(flag.key), value, origin});
  } else if (flag.name == "otel-endpoint" && !value.empty()) {
    // Smee starts tracing only when an endpoint is given.
    settings.toggles.push_back({"otel", true, origin});
  } else if (flag.name == "dhcp-mode" && value == "auto-proxy") {
    // auto.ipxe serves the static script to unknown machines (spec 3.5).
    settings.overrides.push_back({"http", "auto_proxy", "true", origin});
  }
}

}  // namespace

const std::vector<SmeeFlag>& smeeFlags() { return kFlags; }

const SmeeFlag* findSmeeFlag(std::string_view name) {
  for (const auto& flag : kFlags) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

std::string smeeEnvName(std::string_view flag_name) {
  std::string out = "SMEE_";
  for (char c : flag_name) {
    out += (c == '-' || c == '.' || c == '/') ? '_' : static_cast<char>(std::toupper(c));
  }
  return out;
}

std::vector<std::string> smeeDefaultPlugins() {
  return {"syslog", "ipxe-binaries", "tftp", "http", "ipxe-script", "dhcp", "backend-kube"};
}

SmeeSettings resolveSmeeSettings(const std::map<std::string, std::string>& given,
                                 const EnvLookup& env) {
  SmeeSettings settings;
  for (const auto& flag : kFlags) {
    std::string value, origin;
    if (auto it = given.find(std::string(flag.name)); it != given.end()) {
      value = it->second;
      origin = "flag -" + std::string(flag.name);
    } else {
      std::string var = smeeEnvName(flag.name);
      const char* from_env = env(var.c_str());
      if (!from_env || !*from_env) continue;  // Smee ignores empty variables
      value = from_env;
      origin = "env " + var;
    }
    checkForm(flag, value, origin);
    if (!flag.toggles.empty()) {
      bool enabled = false;
      parseBool(value, enabled);
      settings.toggles.push_back({std::string(flag.toggles), enabled, origin});
    } else {
      settings.overrides.push_back({std::string(flag.block), std::string(flag.key), value, origin});
    }
    addDerivedOverrides(flag, value, origin, settings);
  }
  return settings;
}

std::vector<const SmeeFlag*> smeeFlagsInUsageOrder() {
  std::vector<const SmeeFlag*> sorted;
  sorted.reserve(std::size(kFlags));
  for (const auto& flag : kFlags) sorted.push_back(&flag);
  std::stable_sort(sorted.begin(), sorted.end(), [](const SmeeFlag* a, const SmeeFlag* b) {
    auto ta = tagOf(a->usage), tb = tagOf(b->usage);
    return ta != tb ? ta < tb : a->name < b->name;
  });
  return sorted;
}

std::string smeeFlagsUsage(std::string_view detected_public_ip) {
  std::vector<const SmeeFlag*> sorted = smeeFlagsInUsageOrder();
  std::size_t width = 0;
  for (const auto* flag : sorted) width = std::max(width, flag->name.size() + 1);
  std::string out;
  for (const auto* flag : sorted) {
    std::string line = "  -" + std::string(flag->name);
    line.resize(width + 4, ' ');
    line += flag->usage;
    std::string def(flag->default_text);
    if (def == "<auto>") def = std::string(detected_public_ip);
    if (!def.empty()) line += " (default \"" + def + "\")";
    out += line + "\n";
  }
  return out;
}

}  // namespace smee
