#include "http_backend.h"

#include "hardware_answer.h"

namespace smee::backend_http {

namespace {

std::string durationText(std::chrono::milliseconds duration) {
  const auto ms = duration.count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

}  // namespace

HttpBackend::HttpBackend(HttpBackendOptions options, Logger logger, Metrics& metrics)
    : options_(std::move(options)),
      log_(std::move(logger)),
      client_(options_.client),
      cache_(options_.cache),
      breaker_(options_.breaker_failures, options_.breaker_cooldown),
      pool_(options_.workers, options_.queue_size, [this](const LookupKey& key) { fetch(key); }),
      metrics_(metrics),
      warnings_(log_) {}

HttpBackend::~HttpBackend() { stop(); }

void HttpBackend::start() {
  client_.start();
  pool_.start();
}

void HttpBackend::stop() noexcept {
  stopping_ = true;
  // Requests in flight end now rather than at their timeout.
  client_.stop();
  pool_.stop();
}

LookupResult HttpBackend::byMac(const MacAddress& mac) const { return lookup(LookupKey::of(mac)); }

LookupResult HttpBackend::byIp(Ipv4Address ip) const { return lookup(LookupKey::of(ip)); }

LookupResult HttpBackend::lookup(const LookupKey& key) const {
  const Clock::time_point now = Clock::now();
  CacheRead read = cache_.read(key.query, now);
  switch (read.freshness) {
    case Freshness::Fresh:
      metrics_.fresh_hits.inc();
      return std::move(read.answer);
    case Freshness::Stale:
      metrics_.stale_hits.inc();
      requestFetch(key, now);
      return std::move(read.answer);
    case Freshness::Missing:
      break;
  }
  metrics_.misses.inc();
  updateGauges();  // the read may have let an expired entry go
  return {LookupStatus::Unavailable, nullptr, requestFetch(key, now)};
}

std::string HttpBackend::requestFetch(const LookupKey& key, Clock::time_point now) const {
  if (breaker_.blocking(now)) {
    metrics_.breaker_skipped.inc();
    return "the hardware API at " + url() + " is failing (circuit breaker open, next try in " +
           durationText(breaker_.retryIn(now)) + "); retry";
  }
  switch (pool_.enqueue(key)) {
    case FetchPool::Outcome::Queued:
    case FetchPool::Outcome::AlreadyPending:
      return "asked the hardware API at " + url() + " for " + key.query + "; retry";
    case FetchPool::Outcome::Dropped:
      break;
  }
  metrics_.queue_drops.inc();
  return "the queue of requests to the hardware API is full (" +
         std::to_string(options_.queue_size) + "); retry";
}

void HttpBackend::fetch(const LookupKey& key) {
  const Clock::time_point begin = Clock::now();
  if (!breaker_.allow(begin)) {
    metrics_.breaker_skipped.inc();
    return;
  }
  const FetchOutcome outcome = client_.get(key);
  if (stopping_) return;  // cut off by stop(): not the API's doing
  const Clock::time_point now = Clock::now();
  metrics_.request_seconds.observe(std::chrono::duration<double>(now - begin).count());
  if (!outcome.token_problem.empty()) {
    warnings_.note("hardware API token file unusable", "token_file", key.query,
                   outcome.token_problem);
  }
  const CircuitBreaker::Change change =
      isApiFailure(outcome.result) ? breaker_.recordFailure(now) : breaker_.recordSuccess(now);
  store(key, outcome);
  noteBreaker(change, outcome.reason);
  updateGauges();
}

void HttpBackend::store(const LookupKey& key, const FetchOutcome& outcome) {
  const Clock::time_point now = Clock::now();
  switch (outcome.result) {
    case FetchResult::Found: {
      HardwareAnswer answer = answerFromBody(key, outcome.body);
      if (!answer.usable) {
        metrics_.bad_body.inc();
        warnings_.note("hardware API answer unusable", "bad_body", key.query, answer.error);
        cache_.storeUnusable(key.query,
                             {LookupStatus::Malformed, nullptr,
                              "the hardware API's answer cannot be used: " + answer.error},
                             now);
        return;
      }
      metrics_.request(FetchResult::Found).inc();
      answer.others.emplace_back(key, std::move(answer.asked));
      for (auto& [other, result] : answer.others) {
        if (result.found()) {
          cache_.storeFound(other.query, std::move(result), now);
        } else {
          cache_.storeUnusable(other.query, std::move(result), now);
        }
      }
      return;
    }
    case FetchResult::NotFound:
      metrics_.request(FetchResult::NotFound).inc();
      cache_.storeNotFound(key.query,
                           {LookupStatus::NotFound, nullptr,
                            "the hardware API at " + url() + " has no " + key.query},
                           now);
      return;
    case FetchResult::TooLarge:
      metrics_.request(FetchResult::TooLarge).inc();
      warnings_.note("hardware API answer unusable", fetchResultName(outcome.result), key.query,
                     outcome.reason);
      cache_.storeUnusable(key.query,
                           {LookupStatus::Malformed, nullptr,
                            "the hardware API's answer cannot be used: " + outcome.reason},
                           now);
      return;
    default:
      metrics_.request(outcome.result).inc();
      // While the breaker is closed; once it opens no request goes out, and
      // its own two lines tell the story.
      warnings_.note("hardware API request failed", fetchResultName(outcome.result), key.query,
                     outcome.reason);
      return;
  }
}

void HttpBackend::noteBreaker(const CircuitBreaker::Change& change, const std::string& reason) {
  if (change.opened) {
    metrics_.breaker_opened.inc();
    log_.warn(
        "hardware API failing; not asking it during the cool-down, cached machines are "
        "still answered",
        {{"url", url()},
         {"failures", change.failures},
         {"last_error", reason},
         {"cooldown", durationText(options_.breaker_cooldown)}});
  }
  if (change.closed) {
    log_.info("hardware API answering again", {{"url", url()},
                                               {"failures", change.failures},
                                               {"skipped", change.skipped},
                                               {"open_for", durationText(change.open_for)}});
  }
}

void HttpBackend::updateGauges() const {
  metrics_.cache_entries.set(static_cast<std::int64_t>(cache_.size()));
  metrics_.records.set(static_cast<std::int64_t>(cache_.foundCount()));
  metrics_.breaker_open.set(breaker_.state() == CircuitBreaker::State::Closed ? 0 : 1);
}

}  // namespace smee::backend_http
