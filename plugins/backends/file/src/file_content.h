#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace smee::backend_file {

// A hardware file in Smee's format takes about 170 bytes a machine: 100,000
// machines are 17 MiB, a million 170 MiB. A path pointed at something huge
// by mistake should fail, not eat memory.
inline constexpr std::size_t kMaxHardwareFileBytes = std::size_t{256} * 1024 * 1024;

struct FileRead {
  bool ok = false;
  std::string bytes;
  std::string error;  // "cannot open: No such file or directory"
};

// Reads a regular file, following symlinks. Refuses FIFOs and devices (a
// FIFO would block the reader forever) and files over the size limit.
FileRead readHardwareFile(const std::filesystem::path& path);

// What stat() says about the file a path resolves to: a cheap first check
// before hashing the content.
struct FileStamp {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  std::int64_t mtime_sec = 0;
  std::int64_t mtime_nsec = 0;

  bool operator==(const FileStamp&) const = default;
};

FileStamp stampOf(const std::filesystem::path& path);

// 64-bit FNV-1a: tells "touched" from "changed" without keeping a copy.
std::uint64_t contentHash(std::string_view bytes);

}  // namespace smee::backend_file
