#include "file_image.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "script_patch.h"
#include "smee/errors.h"

namespace smee::ipxe_binaries {
namespace {

// An image held in memory. Files are read once rather than mapped: an
// operator copying a new binary over the old one in place would truncate
// a mapping under a running transfer (SIGBUS); a copy cannot change.
struct MemoryImage : BinaryImage {
  std::vector<std::uint8_t> storage;
};

}  // namespace

bool identify(const std::filesystem::path& path, FileIdentity& out) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  out = {st.st_dev, st.st_ino, st.st_size,
         static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
  return true;
}

std::shared_ptr<const BinaryImage> loadImage(const std::filesystem::path& path,
                                             const std::string& name, const FileIdentity& identity,
                                             const std::string& patch) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(path.string() + ": " + std::strerror(errno));
  auto image = std::make_shared<MemoryImage>();
  image->name = name;
  image->modified = std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::nanoseconds(identity.mtime_ns)));
  image->storage.resize(static_cast<std::size_t>(identity.size));
  std::size_t done = 0;
  while (done < image->storage.size()) {
    ssize_t n = ::read(fd, image->storage.data() + done, image->storage.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the file shrank while being read: serve what is there
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  image->storage.resize(done);
  if (!patch.empty()) {
    if (auto at = findMarker(image->storage); at != std::string::npos) {
      image->storage = applyScriptPatch(image->storage, at, patch);
      image->patched = true;
    }
  }
  image->bytes = image->storage;
  return image;
}

}  // namespace smee::ipxe_binaries
