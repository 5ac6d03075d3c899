#include "scripts_plugin.h"

#include "generators.h"
#include "script_choice.h"
#include "smee/plugin_context.h"

namespace smee::ipxe_script {

ConfigSchema ScriptsPlugin::schema() const {
  using T = ConfigType;
  return {
      {.key = "osie_url",
       .type = T::String,
       .description = "base URL of the HookOS kernel and initrd"},
      {.key = "tink_server",
       .type = T::String,
       .description = "Tink server host:port (grpc_authority)"},
      {.key = "tink_server_tls",
       .type = T::Bool,
       .default_value = "false",
       .description = "tinkerbell_tls"},
      {.key = "tink_server_insecure_tls",
       .type = T::Bool,
       .default_value = "false",
       .description = "tinkerbell_insecure_tls"},
      {.key = "extra_kernel_args",
       .type = T::String,
       .description = "space-separated kernel arguments appended to the command line"},
      {.key = "retries",
       .type = T::Int,
       .default_value = "0",
       .description = "extra attempts to load kernel, initrd and boot",
       .min = 0,
       .max = 100},
      {.key = "retry_delay",
       .type = T::Int,
       .default_value = "2",
       .description = "seconds between attempts",
       .min = 0,
       .max = 3600},
      {.key = "syslog_host",
       .type = T::Ipv4,
       .description = "syslog_host= kernel argument (empty: public IP)"},
  };
}

void ScriptsPlugin::configure(const ConfigValues& c, PluginContext& context) {
  ScriptSettings s;
  s.osie_url = c.getString("osie_url");
  s.tink_server = c.getString("tink_server");
  s.tink_server_tls = c.getBool("tink_server_tls");
  s.tink_server_insecure_tls = c.getBool("tink_server_insecure_tls");
  s.extra_kernel_args = splitKernelArgs(c.getString("extra_kernel_args"));
  s.retries = static_cast<int>(c.getInt("retries"));
  s.retry_delay = static_cast<int>(c.getInt("retry_delay"));
  s.syslog_host = c.getString("syslog_host").empty() ? context.runtime().public_ipv4
                                                     : c.getString("syslog_host");
  std::vector<std::shared_ptr<const KernelArgsHook>> hooks;
  for (const auto& name : context.instances<KernelArgsHook>())
    hooks.push_back(context.require<KernelArgsHook>(name));
  context.provide<ScriptGenerator>("hook", std::make_shared<HookScript>(s, std::move(hooks)));
  context.provide<ScriptGenerator>("custom", std::make_shared<CustomScript>());
  context.provide<ScriptGenerator>("static", std::make_shared<StaticScript>(s));
  context.provide<ScriptGenerator>("choice", std::make_shared<ScriptChoice>());
}

}  // namespace smee::ipxe_script
