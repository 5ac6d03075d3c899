#include "plugin_loader.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <fstream>

#include "smee/build_signature.h"
#include "smee/errors.h"

namespace smee {
namespace fs = std::filesystem;

const char* coreBuildSignature() { return SMEE_BUILD_SIGNATURE; }

fs::path pluginFileFor(const fs::path& plugin_dir, const std::string& name) {
  std::string file = name;
  std::replace(file.begin(), file.end(), '-', '_');
  return plugin_dir / ("libsmee_" + file + ".so");
}

fs::path findPluginDir(const std::vector<fs::path>& path, const std::string& name) {
  std::error_code ec;
  for (const auto& dir : path) {
    if (fs::exists(pluginFileFor(dir, name), ec)) return dir;
  }
  return {};
}

std::vector<std::string> pluginNamesIn(const fs::path& plugin_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(plugin_dir, ec)) {
    std::string file = entry.path().filename().string();
    if (file.size() <= 11 || file.rfind("libsmee_", 0) != 0 ||
        file.substr(file.size() - 3) != ".so")
      continue;
    std::string name = file.substr(8, file.size() - 11);
    std::replace(name.begin(), name.end(), '_', '-');
    names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  return names;
}

namespace {

bool hasElfHeader(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  char magic[4] = {};
  file.read(magic, 4);
  return file.gcount() == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' &&
         magic[3] == 'F';
}

[[noreturn]] void refuse(const std::string& name, const std::string& reason) {
  throw Error("plugin '" + name + "': " + reason);
}

bool validName(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// Kea's PathChecker idea: only load code from inside the plugin directory,
// after symlinks are resolved, and never a file any user could have replaced.
fs::path trustedPath(const fs::path& plugin_dir, const std::string& name) {
  fs::path wanted = pluginFileFor(plugin_dir, name);
  std::error_code ec;
  fs::path dir = fs::canonical(plugin_dir, ec);
  if (ec)
    refuse(name, "plugin directory " + plugin_dir.string() + " is not usable: " + ec.message());
  if (!fs::exists(wanted, ec)) {
    refuse(name, "unknown plugin: no " + wanted.filename().string() + " in " + dir.string());
  }
  fs::path real = fs::canonical(wanted, ec);
  if (ec) refuse(name, "cannot resolve " + wanted.string() + ": " + ec.message());
  auto rel = real.lexically_relative(dir);
  if (rel.empty() || *rel.begin() == "..") {
    refuse(name, wanted.string() + " resolves to " + real.string() +
                     ", outside the plugin directory " + dir.string());
  }
  for (const fs::path& checked : {dir, real}) {
    struct stat st {};
    if (::stat(checked.c_str(), &st) == 0 && (st.st_mode & S_IWOTH)) {
      refuse(name, checked.string() + " is writable by every user; refusing to load code from it");
    }
  }
  return real;
}

std::vector<std::string> readList(const std::string& name, const char* const* list,
                                  const char* what, bool needs_instance) {
  std::vector<std::string> out;
  if (!list) return out;
  for (std::size_t i = 0; list[i]; ++i) {
    std::string item = list[i];
    auto colon = item.find(':');
    bool has_version = item.find("/v") != std::string::npos;
    bool ok =
        has_version && (!needs_instance || (colon != std::string::npos && colon + 1 < item.size()));
    if (!ok) {
      refuse(name, std::string("malformed ") + what + " entry '" + item +
                       "' (expected interface/vN" + (needs_instance ? ":instance" : "[:instance]") +
                       ")");
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

OpenedPlugin openPlugin(const fs::path& plugin_dir, const std::string& name) {
  if (!validName(name)) {
    refuse(name, "invalid plugin name (use lower-case letters, digits and dashes)");
  }
  OpenedPlugin opened;
  opened.name = name;
  opened.path = trustedPath(plugin_dir, name);

  auto library = std::make_shared<boost::dll::shared_library>();
  boost::dll::fs::error_code ec;
  library->load(opened.path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local,
                ec);
  if (ec && !hasElfHeader(opened.path)) {
    refuse(name,
           opened.path.string() + " is not a shared object (no ELF header): not a plugin build");
  }
  if (ec) refuse(name, "cannot load " + opened.path.string() + ": " + ec.message());
  if (!library->has(SMEE_PLUGIN_ENTRY_SYMBOL)) {
    refuse(name, opened.path.string() +
                     " has no entry point '" SMEE_PLUGIN_ENTRY_SYMBOL
                     "' (not a smeed plugin, or built without SMEE_PLUGIN_ENTRY)");
  }
  using EntryFn = const smee_plugin_descriptor_v1*();
  auto& entry = library->get_alias<EntryFn>(SMEE_PLUGIN_ENTRY_SYMBOL);
  const smee_plugin_descriptor_v1* d = entry();
  if (!d) refuse(name, "entry point returned no descriptor");
  if (d->abi_version != SMEE_PLUGIN_ABI_VERSION) {
    refuse(name, "plugin ABI version " + std::to_string(d->abi_version) + " instead of " +
                     std::to_string(SMEE_PLUGIN_ABI_VERSION));
  }
  if (d->struct_size < sizeof(smee_plugin_descriptor_v1)) {
    refuse(name, "descriptor size " + std::to_string(d->struct_size) + " is smaller than " +
                     std::to_string(sizeof(smee_plugin_descriptor_v1)));
  }
  if (!d->name || name != d->name) {
    refuse(name, std::string("file declares the name '") + (d->name ? d->name : "(null)") + "'");
  }
  if (!d->build_signature || std::strcmp(d->build_signature, SMEE_BUILD_SIGNATURE) != 0) {
    refuse(name, std::string("is not binary compatible: built with signature \"") +
                     (d->build_signature ? d->build_signature : "(null)") +
                     "\", this smeed has \"" SMEE_BUILD_SIGNATURE "\"");
  }
  if (!d->create || !d->destroy) refuse(name, "descriptor has no create or destroy function");
  if ((d->flags & SMEE_PLUGIN_THREAD_SAFE) == 0) {
    refuse(name,
           "is not marked SMEE_PLUGIN_THREAD_SAFE: smeed calls every plugin's services from "
           "several threads at once");
  }
  if ((d->flags & ~SMEE_PLUGIN_KNOWN_FLAGS) != 0) {
    refuse(name,
           "descriptor has unknown flags " + std::to_string(d->flags & ~SMEE_PLUGIN_KNOWN_FLAGS));
  }
  opened.provides = readList(name, d->provides, "provides", true);
  opened.requires_ = readList(name, d->requires_, "requires", false);
  opened.descriptor = d;
  opened.library = std::move(library);
  return opened;
}

}  // namespace smee
