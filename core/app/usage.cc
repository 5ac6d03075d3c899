#include "usage.h"

#include "smee_flags.h"

namespace smee::app {

std::string usageText(std::string_view detected_public_ip) {
  std::string out =
      "smeed is a network boot server (DHCP, TFTP, HTTP iPXE scripts, syslog) for bare-metal\n"
      "provisioning, compatible with Tinkerbell Smee.\n"
      "\n"
      "USAGE\n"
      "  smeed -c etc/smee.conf           run with a config file\n"
      "  smeed [smee flags]               run on Smee's defaults, like the smee binary\n"
      "\n"
      "SMEED OPTIONS\n"
      "  -c, --config FILE    YAML config file (plugins to load, one block per plugin)\n"
      "  --check-config       load and configure every plugin, bind nothing, exit 0 or 1\n"
      "  --describe PLUGIN    print a plugin's configuration table\n"
      "  --plugin-dir DIR     load plugins from DIR (overrides smee.plugin_dir)\n"
      "  --detect-public-ip   print the IPv4 address Smee's auto-detection picks\n"
      "  --version            print the version\n"
      "  -h, --help           print this text\n"
      "\n"
      "SMEE FLAGS (one or two dashes; each also read from SMEE_<NAME>; flag > environment >\n"
      "config file > default)\n";
  out += smeeFlagsUsage(detected_public_ip);
  return out;
}

}  // namespace smee::app
