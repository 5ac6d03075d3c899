#include "file_content.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace smee::backend_file {

namespace {

std::string tooLarge() {
  return "is larger than " + std::to_string(kMaxHardwareFileBytes >> 20) + " MiB";
}

}  // namespace

HardwareFile::~HardwareFile() {
  if (fd_ >= 0) ::close(fd_);
}

bool HardwareFile::fail(std::string what) {
  error_ = std::move(what);
  return false;
}

bool HardwareFile::open(const std::filesystem::path& path) {
  // O_NONBLOCK so opening a FIFO by mistake returns instead of waiting for a
  // writer; it changes nothing for regular files.
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd_ < 0) return fail(std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return fail(std::string("cannot stat: ") + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return fail("is not a regular file");
  if (static_cast<std::size_t>(st.st_size) > kMaxHardwareFileBytes) return fail(tooLarge());
  return true;
}

bool HardwareFile::read(char* into, std::size_t room, std::size_t& got) {
  got = 0;
  if (failed()) return false;
  for (;;) {
    const ssize_t n = ::read(fd_, into, room);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(std::string("cannot read: ") + std::strerror(errno));
    got = static_cast<std::size_t>(n);
    break;
  }
  bytes_read_ += got;
  if (bytes_read_ > kMaxHardwareFileBytes) return fail(tooLarge());
  hash_ = contentHash(std::string_view(into, got), hash_);
  return true;
}

bool HardwareFile::readToEnd() {
  char buffer[64 * 1024];
  std::size_t got = 0;
  while (read(buffer, sizeof buffer, got)) {
    if (got == 0) return true;
  }
  return false;
}

FileRead readHardwareFile(const std::filesystem::path& path) {
  FileRead result;
  HardwareFile file;
  if (!file.open(path)) {
    result.error = file.error();
    return result;
  }
  char buffer[64 * 1024];
  std::size_t got = 0;
  while (file.read(buffer, sizeof buffer, got) && got > 0) result.bytes.append(buffer, got);
  if (file.failed()) {
    result.bytes.clear();
    result.error = file.error();
    return result;
  }
  result.ok = true;
  return result;
}

std::optional<std::uint64_t> hashHardwareFile(const std::filesystem::path& path) {
  HardwareFile file;
  if (!file.open(path) || !file.readToEnd()) return std::nullopt;
  return file.hash();
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

std::uint64_t contentHash(std::string_view bytes, std::uint64_t hash) {
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace smee::backend_file
