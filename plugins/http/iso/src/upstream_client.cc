#include "upstream_client.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "header_name.h"

namespace smee::iso {
namespace {

// One client TLS context per CA file: the system's CAs plus the file's,
// certificates verified, made once and shared by every connection.
Poco::Net::Context::Ptr tlsContext(const std::string& ca_file) {
  static std::mutex mutex;
  static std::map<std::string, Poco::Net::Context::Ptr> contexts;
  std::lock_guard lock(mutex);
  auto& context = contexts[ca_file];
  if (!context) {
    context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", ca_file,
                                     Poco::Net::Context::VERIFY_RELAXED, 9, true);
  }
  return context;
}

// A session whose buffered-then-socket read is callable: HTTPSession::read
// hands out what Poco already buffered, then reads the socket (or TLS)
// with the caller's length.
template <class Base>
class RawSession final : public Base {
 public:
  using Base::Base;
  int readRaw(char* data, std::streamsize size) { return this->read(data, size); }
};

std::unique_ptr<Poco::Net::HTTPClientSession> openSession(
    const Poco::URI& uri, const UpstreamSettings& settings,
    std::function<int(char*, std::streamsize)>& raw) {
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  if (uri.getScheme() == "https") {
    auto s = std::make_unique<RawSession<Poco::Net::HTTPSClientSession>>(
        uri.getHost(), uri.getPort(), tlsContext(settings.ca_file));
    raw = [p = s.get()](char* d, std::streamsize n) { return p->readRaw(d, n); };
    session = std::move(s);
  } else {
    auto s =
        std::make_unique<RawSession<Poco::Net::HTTPClientSession>>(uri.getHost(), uri.getPort());
    raw = [p = s.get()](char* d, std::streamsize n) { return p->readRaw(d, n); };
    session = std::move(s);
  }
  Poco::Timespan timeout(
      std::chrono::duration_cast<std::chrono::microseconds>(settings.timeout).count());
  session->setTimeout(timeout, timeout, timeout);
  session->setKeepAlive(true);
  return session;
}

bool isRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

SessionPool::SessionPool(std::size_t max_idle) : max_idle_(max_idle) {}
SessionPool::~SessionPool() = default;

std::optional<SessionPool::Idle> SessionPool::take(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = idle_.find(key);
  if (it == idle_.end()) return std::nullopt;
  Idle idle = std::move(it->second);
  idle_.erase(it);
  return idle;
}

void SessionPool::give(const std::string& key, Idle idle) {
  std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle_) idle_.emplace(key, std::move(idle));
}

UpstreamResponse::UpstreamResponse() = default;
UpstreamResponse::~UpstreamResponse() {
  const bool drained = !body_ || (raw_read_ && remaining_ == 0);
  if (pool_ && reusable_ && drained && session_) {
    pool_->give(pool_key_, {std::move(session_), std::move(raw_read_)});
  }
}
UpstreamResponse::UpstreamResponse(UpstreamResponse&&) noexcept = default;
UpstreamResponse& UpstreamResponse::operator=(UpstreamResponse&&) noexcept = default;

const std::string* UpstreamResponse::header(std::string_view name) const {
  for (const auto& h : headers) {
    if (sameHeaderName(h.name, name)) return &h.value;
  }
  return nullptr;
}

std::size_t UpstreamResponse::read(char* data, std::size_t size) {
  if (!body_) return 0;
  try {
    if (raw_read_) {
      if (remaining_ == 0) return 0;
      const auto want = static_cast<std::streamsize>(std::min<std::uint64_t>(size, remaining_));
      const int got = raw_read_(data, want);
      if (got <= 0) return 0;  // closed early: the caller compares with the length
      remaining_ -= static_cast<std::uint64_t>(got);
      return static_cast<std::size_t>(got);
    }
    body_->read(data, static_cast<std::streamsize>(size));
    auto got = static_cast<std::size_t>(body_->gcount());
    if (got == 0 && body_->bad()) throw UpstreamError("reading the body of " + url + " failed");
    return got;
  } catch (const Poco::Exception& e) {
    throw UpstreamError("reading the body of " + url + " failed: " + e.displayText());
  } catch (const std::ios_base::failure& e) {
    throw UpstreamError("reading the body of " + url + " failed: " + e.what());
  }
}

std::vector<std::string> connectionTokens(const std::vector<IsoHeader>& headers) {
  std::vector<std::string> tokens;
  for (const auto& h : headers) {
    if (!sameHeaderName(h.name, "Connection")) continue;
    std::string token;
    for (char c : h.value + ",") {
      if (c == ',') {
        if (!token.empty()) tokens.push_back(token);
        token.clear();
      } else if (c != ' ' && c != '\t') {
        token += c;
      }
    }
  }
  return tokens;
}

bool isHopByHop(std::string_view name, const std::vector<std::string>& connection_tokens) {
  static constexpr std::string_view kHopByHop[] = {"Connection",
                                                   "Keep-Alive",
                                                   "Proxy-Authenticate",
                                                   "Proxy-Authorization",
                                                   "Proxy-Connection",
                                                   "TE",
                                                   "Trailer",
                                                   "Transfer-Encoding",
                                                   "Upgrade"};
  for (auto h : kHopByHop) {
    if (sameHeaderName(name, h)) return true;
  }
  for (const auto& t : connection_tokens) {
    if (sameHeaderName(name, t)) return true;
  }
  return false;
}

std::optional<std::string> tlsSetupError(const std::string& ca_file) {
  try {
    tlsContext(ca_file);
    return std::nullopt;
  } catch (const Poco::Exception& e) {
    return e.displayText();
  }
}

std::optional<std::string> invalidUpstreamUrl(const std::string& url) {
  try {
    Poco::URI uri(url);
    if (uri.getScheme() != "http" && uri.getScheme() != "https") {
      return "scheme must be http or https";
    }
    if (uri.getHost().empty()) return "has no host";
    return std::nullopt;
  } catch (const Poco::Exception& e) {
    return "is not a URL: " + e.displayText();
  }
}

// One request and the response head on `idle` (a pooled connection) or a
// new one.
struct UpstreamExchange {
  static UpstreamResponse run(const std::string& method, const Poco::URI& uri,
                              const std::string& url, const Poco::URI& first_uri,
                              const std::vector<IsoHeader>& headers,
                              const UpstreamSettings& settings,
                              std::optional<SessionPool::Idle> idle);
};

UpstreamResponse UpstreamExchange::run(const std::string& method, const Poco::URI& uri,
                                       const std::string& url, const Poco::URI& first_uri,
                                       const std::vector<IsoHeader>& headers,
                                       const UpstreamSettings& settings,
                                       std::optional<SessionPool::Idle> idle) {
  UpstreamResponse out;
  out.url = url;
  const std::string& current = url;
  const std::string& current_method = method;
  try {
    std::function<int(char*, std::streamsize)> raw;
    if (idle) {
      out.session_ = std::move(idle->session);
      raw = std::move(idle->raw_read);
    } else {
      out.session_ = openSession(uri, settings, raw);
    }
    std::string target = uri.getPathEtc();
    if (target.empty()) target = "/";
    Poco::Net::HTTPRequest request(current_method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    const bool same_host =
        uri.getHost() == first_uri.getHost() && uri.getPort() == first_uri.getPort();
    for (const auto& h : headers) {
      // Credentials stay with the host they were meant for.
      if (!same_host &&
          (sameHeaderName(h.name, "Authorization") || sameHeaderName(h.name, "Cookie"))) {
        continue;
      }
      request.add(h.name, h.value);
    }
    request.setHost(uri.getHost(), uri.getPort());
    out.session_->sendRequest(request);
    Poco::Net::HTTPResponse response;
    out.body_ = &out.session_->receiveResponse(response);
    out.status = static_cast<int>(response.getStatus());
    std::vector<IsoHeader> all;
    for (const auto& [name, value] : response) all.push_back({name, value});
    auto tokens = connectionTokens(all);
    for (auto& h : all) {
      if (!isHopByHop(h.name, tokens)) out.headers.push_back(std::move(h));
    }
    if (response.hasContentLength())
      out.length = static_cast<std::uint64_t>(response.getContentLength64());
    const bool no_body =
        current_method == "HEAD" || out.status == 204 || out.status == 304 || out.status < 200;
    if (no_body) {
      out.body_ = nullptr;
    } else if (out.length && !response.getChunkedTransferEncoding()) {
      out.raw_read_ = std::move(raw);
      out.remaining_ = *out.length;
    }
    out.reusable_ = response.getKeepAlive();
  } catch (const Poco::Exception& e) {
    throw UpstreamError("upstream " + current + " failed: " + e.displayText());
  } catch (const std::exception& e) {
    throw UpstreamError("upstream " + current + " failed: " + e.what());
  }
  return out;
}

UpstreamResponse fetchUpstream(const std::string& method, const std::string& url,
                               const std::vector<IsoHeader>& headers,
                               const UpstreamSettings& settings, SessionPool* pool) {
  std::string current = url;
  std::string current_method = method;
  Poco::URI first_uri;
  try {
    first_uri = Poco::URI(url);
  } catch (const Poco::Exception& e) {
    throw UpstreamError("invalid upstream URL " + url + ": " + e.displayText());
  }
  for (int hop = 0;; ++hop) {
    Poco::URI uri;
    try {
      uri = Poco::URI(current);
    } catch (const Poco::Exception& e) {
      throw UpstreamError("invalid redirect target " + current + ": " + e.displayText());
    }
    if (auto why = invalidUpstreamUrl(current))
      throw UpstreamError("upstream URL " + current + " " + *why);
    const std::string key =
        uri.getScheme() + "://" + uri.getHost() + ":" + std::to_string(uri.getPort());
    UpstreamResponse out;
    // A pooled connection the upstream has closed meanwhile fails at once:
    // then once more on a new connection.
    for (int attempt = 0;; ++attempt) {
      std::optional<SessionPool::Idle> idle = pool && attempt == 0 ? pool->take(key) : std::nullopt;
      const bool reused = idle.has_value();
      try {
        out = UpstreamExchange::run(current_method, uri, current, first_uri, headers, settings,
                                    std::move(idle));
        break;
      } catch (const UpstreamError&) {
        if (reused) continue;
        throw;
      }
    }
    out.pool_ = pool;
    out.pool_key_ = key;
    if (!isRedirect(out.status)) return out;
    const std::string* location = out.header("Location");
    if (!location || location->empty()) return out;  // nothing to follow: the caller decides
    if (hop >= settings.max_redirects) {
      throw UpstreamError("upstream " + url + " redirected more than " +
                          std::to_string(settings.max_redirects) + " times");
    }
    try {
      Poco::URI next(uri);
      next.resolve(*location);
      current = next.toString();
    } catch (const Poco::Exception& e) {
      throw UpstreamError("upstream " + current + " redirected to an invalid Location \"" +
                          *location + "\": " + e.displayText());
    }
    if (out.status == 303 && current_method != "HEAD") current_method = "GET";
  }
}

}  // namespace smee::iso
