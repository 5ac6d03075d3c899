#include "file_content.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace smee::backend_file {

namespace {

FileRead failure(std::string what) {
  FileRead read;
  read.error = std::move(what);
  return read;
}

// Closes the descriptor on every return path.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() { ::close(fd_); }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;

 private:
  int fd_;
};

}  // namespace

FileRead readHardwareFile(const std::filesystem::path& path) {
  // O_NONBLOCK so opening a FIFO by mistake returns instead of waiting for a
  // writer; it changes nothing for regular files.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return failure(std::string("cannot open: ") + std::strerror(errno));
  FdCloser closer(fd);
  struct stat st {};
  if (::fstat(fd, &st) != 0) return failure(std::string("cannot stat: ") + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return failure("is not a regular file");
  if (static_cast<std::size_t>(st.st_size) > kMaxHardwareFileBytes) {
    return failure("is larger than " + std::to_string(kMaxHardwareFileBytes >> 20) + " MiB");
  }
  FileRead read;
  read.bytes.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return failure(std::string("cannot read: ") + std::strerror(errno));
    }
    if (n == 0) break;
    read.bytes.append(buffer, static_cast<std::size_t>(n));
    if (read.bytes.size() > kMaxHardwareFileBytes) {
      return failure("is larger than " + std::to_string(kMaxHardwareFileBytes >> 20) + " MiB");
    }
  }
  read.ok = true;
  return read;
}

FileStamp stampOf(const std::filesystem::path& path) {
  FileStamp stamp;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return stamp;
  stamp.exists = true;
  stamp.device = st.st_dev;
  stamp.inode = st.st_ino;
  stamp.size = st.st_size;
  stamp.mtime_sec = st.st_mtim.tv_sec;
  stamp.mtime_nsec = st.st_mtim.tv_nsec;
  return stamp;
}

std::uint64_t contentHash(std::string_view bytes) {
  std::uint64_t hash = 14695981039346656037ull;
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace smee::backend_file
