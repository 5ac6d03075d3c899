#include "machine_extras_plugin.h"

#include <algorithm>

#include "dhcp_option_hook.h"
#include "kernel_args_adder.h"
#include "smee/errors.h"
#include "smee/plugin_context.h"
#include "smee/plugin_helpers.h"

namespace smee::machine_extras {
namespace {

HardwareField fieldNamed(const std::string& name) {
  if (name == "facility") return HardwareField::Facility;
  if (name == "vlan_id") return HardwareField::VlanId;
  if (name == "arch") return HardwareField::Arch;
  return HardwareField::Hostname;  // the schema's choices leave no other name
}

// Options the DHCP modes set themselves: a hook that overwrote one would
// break the boot it is meant to help.
constexpr int kModeOptions[] = {1, 3, 6, 12, 15, 28, 43, 51, 53, 54, 60, 66, 67, 97};

}  // namespace

ConfigSchema MachineExtrasPlugin::schema() const {
  using T = ConfigType;
  return {
      {.key = "field",
       .type = T::Enum,
       .default_value = "facility",
       .description = "the hardware field that selects machines",
       .choices = {"facility", "vlan_id", "arch", "hostname"}},
      {.key = "equals",
       .type = T::String,
       .default_value = "",
       .description = "the value that selects a machine"},
      {.key = "dhcp_option",
       .type = T::Int,
       .default_value = "0",
       .description = "DHCP option code added to the selected machines' replies (0: none)",
       .min = 0,
       .max = 254},
      {.key = "dhcp_text",
       .type = T::String,
       .default_value = "",
       .description = "that option's value, as text"},
      {.key = "kernel_args",
       .type = T::StringList,
       .default_value = "",
       .description = "kernel arguments added to the selected machines' hook scripts"},
      {.key = "backend",
       .type = T::String,
       .default_value = "",
       .description = "backend instance machines are read from (empty: the only one loaded)"},
  };
}

void MachineExtrasPlugin::configure(const ConfigValues& config, PluginContext& context) {
  MachineSelector selector{fieldNamed(config.getString("field")), config.getString("equals")};
  if (selector.equals.empty())
    throw ConfigError("equals", "names no value: no machine would be selected");
  const auto option = static_cast<std::uint8_t>(config.getInt("dhcp_option"));
  const std::string& text = config.getString("dhcp_text");
  const auto& kernel_args = config.getStringList("kernel_args");
  if (option == 0 && kernel_args.empty()) {
    throw ConfigError("dhcp_option",
                      "neither dhcp_option nor kernel_args is set: the plugin would do nothing");
  }
  if (option != 0) {
    if (std::find(std::begin(kModeOptions), std::end(kModeOptions), option) !=
        std::end(kModeOptions)) {
      throw ConfigError("dhcp_option",
                        std::to_string(option) +
                            " is set by the DHCP modes; pick a site-specific code (224-254)");
    }
    if (text.empty() || text.size() > 255)
      throw ConfigError("dhcp_text", "must hold 1 to 255 bytes (one option)");
  }
  auto backend =
      context.require<BackendReader>(chooseInstance<BackendReader>(config, "backend", context));
  if (option != 0) {
    context.provide<DhcpReplyHook>(
        "machine-extras", std::make_shared<DhcpOptionHook>(selector, option, text, backend));
  }
  if (!kernel_args.empty()) {
    context.provide<KernelArgsHook>("machine-extras",
                                    std::make_shared<KernelArgsAdder>(selector, kernel_args));
  }
}

}  // namespace smee::machine_extras
