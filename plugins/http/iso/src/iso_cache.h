#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "smee/log.h"
#include "smee/metrics.h"
#include "upstream_client.h"

namespace smee::iso {

// A complete local copy of one upstream image, open for reading. The file
// stays readable while held even if a newer copy replaces it.
struct CachedImage {
  ~CachedImage();
  int fd = -1;
  std::uint64_t size = 0;
  std::string etag;
  std::string last_modified;
  // Where the magic string is (found while the copy was written); nullopt
  // when it occurs too often to list.
  std::optional<std::vector<std::uint64_t>> markers;
};

struct CacheSettings {
  std::filesystem::path dir;
  std::chrono::milliseconds revalidate{60000};  // how old a copy may get before upstream is asked
  std::string magic_string;
  UpstreamSettings upstream;
};

// Local copies of upstream ISOs. BMCs read a mounted image in thousands of
// small ranges; from a copy each range is a local read instead of an
// upstream request. Copies are made and revalidated (ETag, Last-Modified,
// length) by one background thread; until a copy is complete, requests go
// upstream as without a cache.
class IsoCache {
 public:
  IsoCache(CacheSettings settings, Logger log, Metrics& metrics);
  ~IsoCache();
  void start();
  void stop() noexcept;

  // The copy of `url`, or nullptr (then a copy is scheduled). A copy older
  // than `revalidate` is still returned while upstream is asked again.
  std::shared_ptr<const CachedImage> find(const std::string& url);

 private:
  struct Entry {
    std::shared_ptr<const CachedImage> image;
    std::chrono::steady_clock::time_point checked{};
    bool queued = false;
  };
  void run();
  void refresh(const std::string& url);
  std::shared_ptr<const CachedImage> download(const std::string& url,
                                              const std::filesystem::path& path);
  std::filesystem::path pathFor(const std::string& url) const;

  CacheSettings settings_;
  Logger log_;
  Metrics& metrics_;
  Counter& hits_;
  Counter& misses_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, Entry> entries_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  std::atomic<bool> abort_{false};  // stop() interrupts a copy in progress
  std::thread worker_;
};

}  // namespace smee::iso
