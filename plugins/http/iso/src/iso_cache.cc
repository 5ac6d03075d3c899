#include "iso_cache.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <functional>

#include "stream_patcher.h"

namespace smee::iso {
namespace {

std::string valueOr(const std::string* value) { return value ? *value : std::string(); }

}  // namespace

CachedImage::~CachedImage() {
  if (fd >= 0) ::close(fd);
}

IsoCache::IsoCache(CacheSettings settings, Logger log, Metrics& metrics)
    : settings_(std::move(settings)),
      log_(std::move(log)),
      metrics_(metrics),
      hits_(metrics.counter("smee_iso_cache_lookups_total", "ISO cache lookups, by result.",
                            {{"result", "hit"}})),
      misses_(metrics.counter("smee_iso_cache_lookups_total", "ISO cache lookups, by result.",
                              {{"result", "miss"}})) {}

IsoCache::~IsoCache() { stop(); }

void IsoCache::start() {
  std::filesystem::create_directories(settings_.dir);
  worker_ = std::thread([this] { run(); });
}

void IsoCache::stop() noexcept {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  abort_ = true;
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

std::filesystem::path IsoCache::pathFor(const std::string& url) const {
  char name[32];
  std::snprintf(name, sizeof name, "%016zx.iso", std::hash<std::string>{}(url));
  return settings_.dir / name;
}

std::shared_ptr<const CachedImage> IsoCache::find(const std::string& url) {
  std::lock_guard lock(mutex_);
  Entry& entry = entries_[url];
  const auto now = std::chrono::steady_clock::now();
  const bool stale = !entry.image || now - entry.checked >= settings_.revalidate;
  if (stale && !entry.queued && !stopping_) {
    entry.queued = true;
    queue_.push_back(url);
    wake_.notify_one();
  }
  (entry.image ? hits_ : misses_).inc();
  return entry.image;
}

void IsoCache::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    std::string url = queue_.front();
    queue_.pop_front();
    lock.unlock();
    refresh(url);
    lock.lock();
    auto& entry = entries_[url];
    entry.queued = false;
    entry.checked = std::chrono::steady_clock::now();
  }
}

void IsoCache::refresh(const std::string& url) {
  std::shared_ptr<const CachedImage> current;
  {
    std::lock_guard lock(mutex_);
    current = entries_[url].image;
  }
  try {
    if (current) {
      // Unchanged validators and length: keep the copy.
      UpstreamResponse head =
          fetchUpstream("HEAD", url, {{"Accept-Encoding", "identity"}}, settings_.upstream);
      if (head.status == 200 && valueOr(head.header("ETag")) == current->etag &&
          valueOr(head.header("Last-Modified")) == current->last_modified && head.length &&
          *head.length == current->size) {
        return;
      }
      log_.info("ISO cache: upstream changed, copying again",
                {{"url", url}, {"status", head.status}});
    }
    auto image = download(url, pathFor(url));
    std::lock_guard lock(mutex_);
    entries_[url].image = std::move(image);
  } catch (const std::exception& e) {
    metrics_.counter("smee_iso_cache_failures_total", "ISO cache copies that failed.").inc();
    log_.error("ISO cache: copy failed; requests go upstream meanwhile",
               {{"url", url}, {"error", e.what()}});
  }
}

std::shared_ptr<const CachedImage> IsoCache::download(const std::string& url,
                                                      const std::filesystem::path& path) {
  UpstreamResponse up =
      fetchUpstream("GET", url, {{"Accept-Encoding", "identity"}}, settings_.upstream);
  if (up.status != 200) throw UpstreamError("upstream answered " + std::to_string(up.status));
  if (up.header("Content-Encoding") && *up.header("Content-Encoding") != "identity") {
    throw UpstreamError("upstream sent an encoded body");
  }
  const auto partial = std::filesystem::path(path).concat(".part");
  int fd = ::open(partial.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) throw UpstreamError("cannot create " + partial.string());
  // The scan finds where the markers are, so a served range needs no scan.
  StreamPatcher scan(settings_.magic_string, settings_.magic_string);
  std::vector<char> buffer(std::size_t{256} * 1024);
  std::uint64_t size = 0;
  bool ok = true;
  try {
    auto to_file = [&](const char* data, std::size_t n) {
      while (n > 0) {
        ssize_t w = ::write(fd, data, n);
        if (w <= 0) return false;
        data += w;
        n -= static_cast<std::size_t>(w);
      }
      return true;
    };
    for (std::size_t n; ok && (n = up.read(buffer.data(), buffer.size())) > 0;) {
      if (abort_) throw UpstreamError("smeed is stopping");
      size += n;
      ok = scan.feed(buffer.data(), n, to_file);
    }
    ok = ok && scan.finish(to_file);
  } catch (...) {
    ::close(fd);
    std::filesystem::remove(partial);
    throw;
  }
  ok = ::close(fd) == 0 && ok;
  if (!ok || (up.length && size != *up.length)) {
    std::filesystem::remove(partial);
    throw UpstreamError(ok ? "upstream body ended after " + std::to_string(size) + " bytes"
                           : "writing " + partial.string() + " failed");
  }
  std::filesystem::rename(partial, path);
  auto image = std::make_shared<CachedImage>();
  image->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (image->fd < 0) throw UpstreamError("cannot open " + path.string());
  image->size = size;
  image->etag = valueOr(up.header("ETag"));
  image->last_modified = valueOr(up.header("Last-Modified"));
  if (scan.occurrences() <= StreamPatcher::kMaxPositions) image->markers = scan.positions();
  log_.info("ISO cache filled", {{"url", url}, {"bytes", size}, {"markers", scan.occurrences()}});
  return image;
}

}  // namespace smee::iso
