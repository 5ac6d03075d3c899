#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>

#include "smee/services/ipxe_binaries.h"

namespace smee::ipxe_binaries {

// Identity of a file on disk: when it changes, the cached image is stale.
struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const FileIdentity&) const = default;
};

// stat() following symlinks; false when it is not a readable regular file.
bool identify(const std::filesystem::path& path, FileIdentity& out);

// Reads `path` into memory once; applies the script patch when `patch` is
// not empty and the file has the marker.
// Throws smee::Error with the path and the system error.
std::shared_ptr<const BinaryImage> loadImage(const std::filesystem::path& path,
                                             const std::string& name, const FileIdentity& identity,
                                             const std::string& patch);

}  // namespace smee::ipxe_binaries
