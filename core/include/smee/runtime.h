#pragma once

#include <filesystem>
#include <string>

namespace smee {

// Facts about this run that every plugin may need.
struct RuntimeInfo {
  std::string version;               // smeed version
  std::string public_ipv4;           // configured or detected; may be empty
  std::filesystem::path config_dir;  // relative paths in the config resolve here
  bool check_only = false;           // --check-config: configure, never start
};

}  // namespace smee
