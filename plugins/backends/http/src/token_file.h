#pragma once

#include <sys/types.h>

#include <ctime>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

namespace smee::backend_http {

// The bearer token for the hardware API, from a file that a secret manager
// may rotate. Each request stat()s the file and reads it again when its
// inode, size or modification time changed (a Kubernetes Secret volume swaps
// a symlink, an editor renames a new file into place); reload() (SIGHUP)
// reads it on the next request whatever the stat says. A file that cannot be
// read, or holds no token, keeps the last good token in use.
class TokenFile {
 public:
  explicit TokenFile(std::filesystem::path path);

  // Reads the file now; throws std::runtime_error naming the path and the
  // reason when it cannot be read or is empty (configure() reports it).
  void load();

  // The token to send; `problem` is set when the file changed but could not
  // be used (the previous token is returned then).
  std::string current(std::string& problem);
  void reload();

  const std::filesystem::path& path() const { return path_; }

 private:
  struct Stamp {
    ino_t inode = 0;
    off_t size = 0;
    std::timespec modified{};
    bool operator==(const Stamp& other) const;
  };
  static std::optional<Stamp> stampOf(const std::filesystem::path& path);
  // The trimmed content, or nullopt with `error`.
  std::optional<std::string> readToken(std::string& error) const;

  const std::filesystem::path path_;
  std::mutex mutex_;
  std::string token_;
  std::optional<Stamp> stamp_;
  bool forced_ = false;
};

}  // namespace smee::backend_http
