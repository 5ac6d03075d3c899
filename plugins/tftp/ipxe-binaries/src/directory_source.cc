#include "directory_source.h"

#include "requested_name.h"
#include "smee/errors.h"

namespace smee::ipxe_binaries {
namespace fs = std::filesystem;

DirectorySource::DirectorySource(std::vector<fs::path> binary_dirs, fs::path asset_dir,
                                 std::string script_patch)
    : binary_dirs_(std::move(binary_dirs)),
      asset_dir_(std::move(asset_dir)),
      patch_(std::move(script_patch)) {}

std::optional<fs::path> DirectorySource::findBinary(const std::string& base) const {
  FileIdentity identity;
  for (const auto& dir : binary_dirs_) {
    // Entries of a binary directory may be symlinks (Debian's ipxe.efi
    // points into /boot): the name is one path element, so the request
    // itself cannot climb out; the directory's owner chose the link.
    fs::path candidate = dir / base;
    if (identify(candidate, identity)) return candidate;
  }
  return std::nullopt;
}

std::optional<fs::path> DirectorySource::findAsset(const std::string& relative,
                                                   std::string& refusal) const {
  if (asset_dir_.empty()) return std::nullopt;
  std::error_code ec;
  fs::path root = fs::canonical(asset_dir_, ec);
  if (ec) return std::nullopt;
  fs::path resolved = fs::weakly_canonical(root / relative, ec);
  if (ec) return std::nullopt;
  auto rel = resolved.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") {
    refusal = "resolves outside the asset directory";
    return std::nullopt;
  }
  FileIdentity identity;
  if (!identify(resolved, identity)) return std::nullopt;
  return resolved;
}

std::shared_ptr<const BinaryImage> DirectorySource::image(const fs::path& path,
                                                          const std::string& name) const {
  FileIdentity identity;
  if (!identify(path, identity)) return nullptr;
  std::lock_guard lock(mutex_);
  auto& slot = cache_[path];
  if (!slot.image || !(slot.identity == identity)) {
    slot.image = loadImage(path, name, identity, patch_);
    slot.identity = identity;
  }
  return slot.image;
}

BinaryLookup DirectorySource::open(std::string_view requested_path) const {
  RequestedName name = parseRequestedName(requested_path);
  BinaryLookup out;
  out.mac = name.mac;
  if (!name.refusal.empty()) {
    out.status = BinaryStatus::Refused;
    out.detail = name.refusal;
    return out;
  }
  std::string refusal;
  std::optional<fs::path> path = findBinary(name.base);
  if (!path) path = findAsset(name.path, refusal);
  if (!refusal.empty()) {
    out.status = BinaryStatus::Refused;
    out.detail = "'" + name.path + "' " + refusal;
    return out;
  }
  if (!path) {
    out.detail = "file [" + name.base + "] unknown: file does not exist";
    return out;
  }
  try {
    out.image = image(*path, name.base);
  } catch (const Error& e) {
    out.detail = e.what();
    return out;
  }
  if (!out.image) {
    out.detail = "file [" + name.base + "] unknown: file does not exist";
    return out;
  }
  out.status = BinaryStatus::Found;
  return out;
}

}  // namespace smee::ipxe_binaries
