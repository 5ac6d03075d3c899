#include "image_files.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>

namespace smee::http {
namespace {

int sealedCopy(const BinaryImage& image) {
  int fd = ::memfd_create(image.name.c_str(), MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return -1;
  const auto* data = reinterpret_cast<const char*>(image.bytes.data());
  std::size_t left = image.bytes.size();
  off_t at = 0;
  while (left > 0) {
    ssize_t n = ::pwrite(fd, data + at, left, at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return -1;
    }
    at += n;
    left -= static_cast<std::size_t>(n);
  }
  // Immutable from here on, like the image it copies.
  ::fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
  return fd;
}

}  // namespace

ImageFiles::~ImageFiles() {
  for (auto& [key, entry] : files_) ::close(entry.fd);
}

int ImageFiles::fileFor(const std::shared_ptr<const BinaryImage>& image) {
  std::lock_guard lock(mutex_);
  auto it = files_.find(image.get());
  if (it != files_.end()) {
    if (auto held = it->second.image.lock(); held == image) return it->second.fd;
    ::close(it->second.fd);  // an image freed and another allocated at its address
    files_.erase(it);
  }
  // Images replaced by a reload are gone once their last answer is out.
  for (auto i = files_.begin(); i != files_.end();) {
    if (i->second.image.expired()) {
      ::close(i->second.fd);
      i = files_.erase(i);
    } else {
      ++i;
    }
  }
  int fd = sealedCopy(*image);
  if (fd >= 0) files_.emplace(image.get(), Entry{image, fd});
  return fd;
}

}  // namespace smee::http
