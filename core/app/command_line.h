#pragma once

#include <map>
#include <string>

#include "smee/errors.h"

namespace smee::app {

// A command line that cannot be understood (exit status 2, like Go's flag).
class UsageError : public Error {
 public:
  using Error::Error;
};

struct CommandLine {
  std::string config_path;  // -c / --config; empty: Smee defaults
  std::string plugin_dir;   // --plugin-dir; overrides smee.plugin_dir
  std::string describe;     // --describe PLUGIN
  std::string user;         // --user NAME; overrides smee.user
  bool check_config = false;
  bool list_plugins = false;  // --list-plugins
  bool help = false;
  bool man = false;  // --man: the manual page, written at build time
  bool version = false;
  bool detect_public_ip = false;
  std::map<std::string, std::string> smee_flags;  // Smee flag name -> value as given
};

// smeed's own options plus every Smee flag, each with one or two dashes
// (-dhcp-mode x, --dhcp-mode=x). Boolean Smee flags take their value only
// as -flag or -flag=false, as Go's flag package does. Throws UsageError.
CommandLine parseCommandLine(int argc, const char* const argv[]);

}  // namespace smee::app
