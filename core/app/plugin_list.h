#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace smee::app {

// `smeed --list-plugins`: every plugin file on the search path, in search
// order, opened and checked as for loading (no plugin code runs), with its
// directory, version and services; refusals and shadowed copies say so.
std::string listPlugins(const std::vector<std::filesystem::path>& path);

}  // namespace smee::app
