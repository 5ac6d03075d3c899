#include "reflector.h"

#include <Poco/URI.h>
#include <malloc.h>

namespace smee::backend_kube {

namespace {

constexpr std::size_t kMaxItemErrorLines = 20;
// Watch reads wait this much longer than the server's timeoutSeconds, so a
// silent, half-open connection is noticed without cutting a healthy watch.
constexpr std::chrono::seconds kWatchReadSlack{30};
// A watch that ends sooner than this counts as a failure for back-off.
constexpr std::chrono::seconds kShortestWatch{1};

std::string encoded(const std::string& value) {
  std::string out;
  Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", out);
  return out;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string fixed3(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", value);
  return text;
}

std::string pagePath(const std::string& collection, std::size_t page_size,
                     const std::string& continue_token) {
  std::string path = collection + "?limit=" + std::to_string(page_size);
  if (!continue_token.empty()) path += "&continue=" + encoded(continue_token);
  return path;
}

// A body that is not a Hardware list ends the list (counted and logged);
// `where` keeps the log line's source at the caller.
std::optional<ListPage> decodePage(const std::string& body, Counter& errors_decode,
                                   const Logger& logger, const std::string& server,
                                   LogSource where = {}) {
  std::string error;
  auto page = decodeListPage(body, error);
  if (!page) {
    errors_decode.inc();
    logger.error("cannot read the Hardware list", {{"api", server}, {"error", error}}, where);
  }
  return page;
}

// Every item that could not be read is counted, but only the first
// kMaxItemErrorLines of a list are logged: a fleet of broken objects must
// not flood the log. `where` keeps the log line's source at the caller.
void stagePage(const ListPage& page, HardwareCache& cache, HardwareStore& staged,
               std::size_t& item_errors, Counter& errors_decode, const Logger& logger,
               LogSource where = {}) {
  for (const std::string& item_error : page.item_errors) {
    errors_decode.inc();
    if (item_errors++ < kMaxItemErrorLines) {
      logger.warn("Hardware list item ignored", {{"error", item_error}}, where);
    }
  }
  for (const DecodedObject& object : page.objects) cache.stage(staged, object);
}

// The pages' JSON and YAML trees and the previous store are freed by now;
// the heap goes back to the system so a large fleet's list does not stay as
// RSS.
std::size_t replaceAndTrim(HardwareCache& cache, std::unique_ptr<HardwareStore> staged) {
  const std::size_t count = cache.replaceAll(std::move(staged));
  ::malloc_trim(0);
  return count;
}

}  // namespace

Reflector::Reflector(ApiClient& client, HardwareCache& cache, ReflectorOptions options,
                     Logger logger, Metrics& metrics)
    : client_(client),
      cache_(cache),
      options_(std::move(options)),
      logger_(std::move(logger)),
      objects_(metrics.gauge("smee_backend_kube_objects", "Hardware objects in the cache.")),
      synced_gauge_(metrics.gauge("smee_backend_kube_synced",
                                  "1 once the first list of Hardware objects is cached.")),
      events_added_(metrics.counter("smee_backend_kube_events_total",
                                    "Watch events applied, by type.", {{"type", "added"}})),
      events_modified_(metrics.counter("smee_backend_kube_events_total",
                                       "Watch events applied, by type.", {{"type", "modified"}})),
      events_deleted_(metrics.counter("smee_backend_kube_events_total",
                                      "Watch events applied, by type.", {{"type", "deleted"}})),
      events_bookmark_(metrics.counter("smee_backend_kube_events_total",
                                       "Watch events applied, by type.", {{"type", "bookmark"}})),
      relists_(metrics.counter("smee_backend_kube_relists_total",
                               "Lists after the first one (410 Gone, lost watches).")),
      errors_list_(metrics.counter("smee_backend_kube_errors_total",
                                   "Kubernetes API failures, by kind.", {{"kind", "list"}})),
      errors_watch_(metrics.counter("smee_backend_kube_errors_total",
                                    "Kubernetes API failures, by kind.", {{"kind", "watch"}})),
      errors_decode_(metrics.counter("smee_backend_kube_errors_total",
                                     "Kubernetes API failures, by kind.", {{"kind", "decode"}})),
      errors_auth_(metrics.counter("smee_backend_kube_errors_total",
                                   "Kubernetes API failures, by kind.", {{"kind", "auth"}})),
      guard_metrics_("kube", metrics),
      backoff_(options_.backoff_initial),
      random_(std::random_device{}()) {}

Reflector::~Reflector() { stop(); }

std::string Reflector::collectionPath() const {
  std::string path = "/apis/tinkerbell.org/v1alpha1";
  if (!options_.namespace_.empty()) path += "/namespaces/" + encoded(options_.namespace_);
  return path + "/hardware";
}

void Reflector::start() {
  if (thread_.joinable()) return;
  stopping_.store(false, std::memory_order_release);
  client_.reset();  // a stop() before aborted the client for good
  thread_ = std::thread([this] { run(); });
}

void Reflector::stop() noexcept {
  {
    std::lock_guard lock(mutex_);
    stopping_.store(true, std::memory_order_release);
  }
  wake_.notify_all();
  client_.abort();  // a watch blocked in a read returns now
  if (thread_.joinable()) thread_.join();
}

bool Reflector::waitForSync(std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  while (!synced() && !stopping() && std::chrono::steady_clock::now() < deadline) {
    wake_.wait_for(lock, std::chrono::milliseconds(10));
  }
  return synced();
}

bool Reflector::backOff() {
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  const auto delay = std::chrono::milliseconds(
      static_cast<std::int64_t>(static_cast<double>(backoff_.count()) * jitter(random_)));
  backoff_ = std::min(backoff_ * 2, options_.backoff_max);
  logger_.debug("retrying the kubernetes API",
                {{"in_ms", static_cast<std::int64_t>(delay.count())}});
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, delay, [this] { return stopping(); });
  return !stopping();
}

void Reflector::reportStatus(std::string_view request, int status, const std::string& body) {
  const ApiStatus api_status = decodeStatus(body);
  const std::string message = api_status.message.empty() ? body.substr(0, 200) : api_status.message;
  if (status == 401 || status == 403) {
    errors_auth_.inc();
    logger_.error("unauthorised: token expired or lacks get/list/watch on hardware.tinkerbell.org",
                  {{"api", client_.server()},
                   {"request", request},
                   {"status", status},
                   {"message", message}});
    return;
  }
  if (status == 404) {
    logger_.error(
        "the API server does not serve hardware.tinkerbell.org/v1alpha1: is the Hardware "
        "CRD installed?",
        {{"api", client_.server()}, {"request", request}, {"message", message}});
    return;
  }
  logger_.error(
      "kubernetes API request failed",
      {{"api", client_.server()}, {"request", request}, {"status", status}, {"message", message}});
}

bool Reflector::list(std::string& resource_version) {
  const auto start = std::chrono::steady_clock::now();
  // Each page goes into the staged store and is dropped before the next one
  // is read: a 100,000-object list never exists whole, decoded or not.
  std::unique_ptr<HardwareStore> staged = cache_.newStore();
  std::string continue_token;
  std::size_t pages = 0, item_errors = 0;
  while (!stopping()) {
    const std::string path = pagePath(collectionPath(), options_.page_size, continue_token);
    ApiClient::Response response = client_.get(path, options_.request_timeout);
    const std::string body = response.readAll();
    if (stopping()) return false;
    if (response.status == 410 && !continue_token.empty()) {
      // The snapshot the pages came from was compacted away: start over.
      logger_.info("list continue token expired, listing again from the start",
                   {{"api", client_.server()}, {"pages", pages}});
      staged = cache_.newStore();
      continue_token.clear();
      pages = 0;
      continue;
    }
    if (response.status != 200) {
      errors_list_.inc();
      reportStatus("list " + collectionPath(), response.status, body);
      return false;
    }
    const auto page = decodePage(body, errors_decode_, logger_, client_.server());
    if (!page) return false;
    ++pages;
    stagePage(*page, cache_, *staged, item_errors, errors_decode_, logger_);
    resource_version = page->resource_version;
    continue_token = page->continue_token;
    if (continue_token.empty()) break;  // the last page
  }
  if (stopping()) return false;
  if (!admit(*staged)) return false;

  const std::size_t count = replaceAndTrim(cache_, std::move(staged));
  objects_.set(static_cast<std::int64_t>(count));
  guard_metrics_.served(cache_.recordCount());
  const bool first = !synced();
  synced_.store(true, std::memory_order_release);
  synced_gauge_.set(1);
  wake_.notify_all();
  logger_.info(first ? "hardware cache synced" : "hardware cache re-listed",
               {{"api", client_.server()},
                {"namespace", options_.namespace_.empty() ? "(all)" : options_.namespace_},
                {"objects", count},
                {"records", cache_.recordCount()},
                {"pages", pages},
                {"resource_version", resource_version},
                {"seconds", fixed3(secondsSince(start))}});
  return true;
}

bool Reflector::admit(const HardwareStore& staged) {
  if (!synced()) return true;  // the first list: there is nothing to keep instead
  const std::size_t after = staged.recordCount();
  const std::size_t before = cache_.recordCount();
  const backend_file::ReloadVerdict verdict =
      backend_file::judgeReload(before, after, options_.guard);
  if (!verdict.refused()) return true;
  if (options_.guard.allow_shrink) {
    logger_.warn(
        "hardware re-list drops more records than the reload guard allows; accepted as "
        "allow_shrink says",
        {{"api", client_.server()},
         {"old_records", before},
         {"new_records", after},
         {"rule", backend_file::reloadRefusalName(verdict.refusal)},
         {"limit", verdict.limit}});
    return true;
  }
  guard_metrics_.refused(verdict.refusal);
  logger_.error("hardware re-list refused, keeping the cached hardware and listing again",
                {{"api", client_.server()},
                 {"namespace", options_.namespace_.empty() ? "(all)" : options_.namespace_},
                 {"old_records", before},
                 {"new_records", after},
                 {"objects", staged.objectCount()},
                 {"rule", backend_file::reloadRefusalName(verdict.refusal)},
                 {"limit", verdict.limit}});
  return false;
}

bool Reflector::applyLine(const std::string& line, std::string& resource_version, WatchEnd& end) {
  std::string error;
  auto event = decodeWatchEvent(line, error);
  if (!event) {
    errors_decode_.inc();
    logger_.warn("watch event ignored", {{"error", error}});
    return true;
  }
  switch (event->type) {
    case EventType::Added:
      cache_.upsert(*event->object);
      events_added_.inc();
      break;
    case EventType::Modified:
      cache_.upsert(*event->object);
      events_modified_.inc();
      break;
    case EventType::Deleted:
      cache_.remove(event->object->key);
      events_deleted_.inc();
      break;
    case EventType::Bookmark:
      events_bookmark_.inc();
      break;
    case EventType::Error:
      if (event->code == 410) {
        end = WatchEnd::Expired;
      } else {
        errors_watch_.inc();
        logger_.error(
            "watch ended with an error",
            {{"api", client_.server()}, {"code", event->code}, {"message", event->message}});
        end = WatchEnd::Failed;
      }
      return false;
  }
  if (!event->resource_version.empty()) resource_version = event->resource_version;
  if (event->type != EventType::Bookmark) {
    objects_.set(static_cast<std::int64_t>(cache_.objectCount()));
    guard_metrics_.served(cache_.recordCount());
  }
  return true;
}

Reflector::WatchEnd Reflector::watch(std::string& resource_version) {
  const std::string path =
      collectionPath() + "?watch=1&resourceVersion=" + encoded(resource_version) +
      "&allowWatchBookmarks=true&timeoutSeconds=" + std::to_string(options_.watch_timeout.count());
  ApiClient::Response response =
      client_.get(path, std::chrono::duration_cast<std::chrono::milliseconds>(
                            options_.watch_timeout + kWatchReadSlack));
  if (response.status == 410) return WatchEnd::Expired;
  if (response.status != 200) {
    errors_watch_.inc();
    reportStatus("watch " + collectionPath(), response.status, response.readAll());
    return WatchEnd::Failed;
  }
  logger_.debug("watching hardware", {{"resource_version", resource_version}});
  std::string line;
  WatchEnd end = WatchEnd::Closed;
  while (!stopping() && std::getline(*response.body, line)) {
    if (line.empty() || line == "\r") continue;
    if (!applyLine(line, resource_version, end)) return end;
  }
  if (stopping()) return WatchEnd::Closed;
  if (response.body->bad()) {
    errors_watch_.inc();
    logger_.warn("watch connection lost, resuming",
                 {{"api", client_.server()}, {"resource_version", resource_version}});
    return WatchEnd::Failed;
  }
  return WatchEnd::Closed;
}

void Reflector::run() {
  std::string resource_version;
  bool need_list = true;
  while (!stopping()) {
    try {
      if (need_list) {
        if (!list(resource_version)) {
          if (!backOff()) break;
          continue;
        }
        need_list = false;
        resetBackOff();
      }
      const auto watch_start = std::chrono::steady_clock::now();
      switch (watch(resource_version)) {
        case WatchEnd::Closed:
          // The server's timeout: resume at once. A server (or proxy) that
          // closes every watch straight away must not make this a busy loop.
          if (std::chrono::steady_clock::now() - watch_start < kShortestWatch) {
            if (!backOff()) return;
          } else {
            resetBackOff();
          }
          break;
        case WatchEnd::Expired:
          relists_.inc();
          logger_.info("watch resourceVersion expired (410 Gone), listing again",
                       {{"api", client_.server()}, {"resource_version", resource_version}});
          need_list = true;
          break;
        case WatchEnd::Failed:
          if (!backOff()) return;
          break;
      }
    } catch (const ApiError& e) {
      if (stopping()) break;
      (need_list ? errors_list_ : errors_watch_).inc();
      logger_.warn("kubernetes API unreachable", {{"api", client_.server()},
                                                  {"request", need_list ? "list" : "watch"},
                                                  {"error", e.what()}});
      if (!backOff()) break;
    } catch (const std::exception& e) {
      if (stopping()) break;
      errors_watch_.inc();
      logger_.error("kubernetes watch failed", {{"api", client_.server()}, {"error", e.what()}});
      if (!backOff()) break;
    }
  }
}

}  // namespace smee::backend_kube
