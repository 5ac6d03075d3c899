#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "yaml_event_reader.h"

namespace smee::backend_file {

// A hardware file in Smee's format takes about 170 bytes a machine: 100,000
// machines are 17 MiB, a million 170 MiB. A path pointed at something huge
// by mistake should fail, not eat memory.
inline constexpr std::size_t kMaxHardwareFileBytes = std::size_t{256} * 1024 * 1024;

// 64-bit FNV-1a: tells "touched" from "changed" without keeping a copy.
// `hash` continues one over earlier bytes, so a file can be hashed in chunks.
inline constexpr std::uint64_t kContentHashStart = 14695981039346656037ull;
std::uint64_t contentHash(std::string_view bytes, std::uint64_t hash = kContentHashStart);

struct FileRead {
  bool ok = false;
  std::string bytes;
  std::string error;  // "cannot open: No such file or directory"
};

// A hardware file read a chunk at a time, hashed as it goes: the YAML
// reader takes its bytes from here, so loading 100,000 machines never holds
// the file's 17 MiB at once. open() follows symlinks and refuses FIFOs and
// devices (a FIFO would block the reader forever); read() refuses to go
// past the size limit, so a file that grows while it is read cannot take
// more than that either.
class HardwareFile final : public YamlInput {
 public:
  HardwareFile() = default;
  ~HardwareFile() override;
  HardwareFile(const HardwareFile&) = delete;
  HardwareFile& operator=(const HardwareFile&) = delete;

  bool open(const std::filesystem::path& path);
  bool read(char* into, std::size_t room, std::size_t& got) override;
  std::string error() const override { return error_; }
  bool failed() const { return !error_.empty(); }

  // Reads what is left unread (a parse may stop at an error), so hash()
  // covers the whole file. False if that read fails.
  bool readToEnd();
  // contentHash() of the bytes read so far.
  std::uint64_t hash() const { return hash_; }

 private:
  bool fail(std::string what);

  int fd_ = -1;
  std::size_t bytes_read_ = 0;
  std::uint64_t hash_ = kContentHashStart;
  std::string error_;  // "cannot open: No such file or directory"
};

// Reads a whole regular file into memory, with HardwareFile's checks.
FileRead readHardwareFile(const std::filesystem::path& path);

// contentHash() of a file's bytes, read a chunk at a time; nullopt if it
// cannot be read.
std::optional<std::uint64_t> hashHardwareFile(const std::filesystem::path& path);

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

}  // namespace smee::backend_file
