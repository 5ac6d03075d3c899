#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>

#include "smee/services/ipxe_binaries.h"

namespace smee::http {

// A sealed in-memory file (memfd) per cached binary image, so that large
// bodies go out with sendfile(2) as nginx sends from the page cache: the
// kernel hands the file's pages to TCP instead of copying every answer out
// of the image (1,000 clients of a 1 MiB binary: 1 GiB of copies saved).
// Made once per image, on first use; closed when the image is gone.
class ImageFiles {
 public:
  ImageFiles() = default;
  ~ImageFiles();
  ImageFiles(const ImageFiles&) = delete;
  ImageFiles& operator=(const ImageFiles&) = delete;

  // The file holding `image`'s bytes, or -1 when none could be made (the
  // caller then writes from memory).
  int fileFor(const std::shared_ptr<const BinaryImage>& image);

 private:
  struct Entry {
    std::weak_ptr<const BinaryImage> image;
    int fd = -1;
  };
  std::mutex mutex_;
  std::map<const BinaryImage*, Entry> files_;
};

}  // namespace smee::http
