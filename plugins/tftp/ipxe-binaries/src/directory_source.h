#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "file_image.h"
#include "smee/services/ipxe_binaries.h"

namespace smee::ipxe_binaries {

// Boot files from directories: iPXE binaries by their base name from
// `binary_dirs` (first match wins, e.g. an operator's directory before
// Debian's /usr/lib/ipxe), then any file by its relative path beneath
// `asset_dir`, which a request can never leave (symlinks included). Each
// file is mapped once and re-mapped only when it changes on disk; the
// script patch is applied once per file version.
class DirectorySource final : public IpxeBinarySource {
 public:
  DirectorySource(std::vector<std::filesystem::path> binary_dirs, std::filesystem::path asset_dir,
                  std::string script_patch);
  BinaryLookup open(std::string_view requested_path) const override;

 private:
  std::optional<std::filesystem::path> findBinary(const std::string& base) const;
  std::optional<std::filesystem::path> findAsset(const std::string& relative,
                                                 std::string& refusal) const;
  std::shared_ptr<const BinaryImage> image(const std::filesystem::path& path,
                                           const std::string& name) const;

  struct Cached {
    FileIdentity identity;
    std::shared_ptr<const BinaryImage> image;
  };
  std::vector<std::filesystem::path> binary_dirs_;
  std::filesystem::path asset_dir_;
  std::string patch_;
  mutable std::mutex mutex_;
  mutable std::map<std::filesystem::path, Cached> cache_;
};

}  // namespace smee::ipxe_binaries
