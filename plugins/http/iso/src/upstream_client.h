#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "smee/services/iso_patcher.h"

namespace Poco::Net {
class HTTPClientSession;
}

namespace smee::iso {

struct UpstreamExchange;

struct UpstreamSettings {
  std::chrono::milliseconds timeout{30000};  // connect, send and each receive
  int max_redirects = 10;
  std::string ca_file;  // extra CA certificates (PEM) trusted for https, beside the system's
};

// Idle upstream connections, reused by later requests to the same
// scheme://host:port (BMCs send thousands of small ranges per mount).
class SessionPool {
 public:
  struct Idle {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    std::function<int(char*, std::streamsize)> raw_read;
  };
  explicit SessionPool(std::size_t max_idle = 16);
  ~SessionPool();
  std::optional<Idle> take(const std::string& key);
  void give(const std::string& key, Idle idle);

 private:
  std::size_t max_idle_;
  std::mutex mutex_;
  std::multimap<std::string, Idle> idle_;
};

// Why the upstream could not be used; answered with 502.
class UpstreamError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An upstream answer whose body has not been read yet.
class UpstreamResponse {
 public:
  UpstreamResponse();
  ~UpstreamResponse();
  UpstreamResponse(UpstreamResponse&&) noexcept;
  UpstreamResponse& operator=(UpstreamResponse&&) noexcept;

  int status = 0;
  std::vector<IsoHeader> headers;       // end-to-end headers only
  std::optional<std::uint64_t> length;  // Content-Length, when given
  std::string url;                      // after redirects, for logs

  const std::string* header(std::string_view name) const;
  // Reads up to `size` body bytes; 0 at the end. Throws UpstreamError when
  // the connection breaks.
  std::size_t read(char* data, std::size_t size);

 private:
  friend struct UpstreamExchange;
  friend UpstreamResponse fetchUpstream(const std::string&, const std::string&,
                                        const std::vector<IsoHeader>&, const UpstreamSettings&,
                                        SessionPool*);
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
  std::istream* body_ = nullptr;
  // A body of known length is read straight from the session in large
  // reads (Poco's body stream reads 4 KiB at a time); others via body_.
  std::function<int(char*, std::streamsize)> raw_read_;
  std::uint64_t remaining_ = 0;
  // Where the connection goes back once the body is read to its end.
  SessionPool* pool_ = nullptr;
  std::string pool_key_;
  bool reusable_ = false;
};

// True for headers that describe one connection and are never forwarded
// (RFC 9110 7.6.1), including those a Connection header names.
bool isHopByHop(std::string_view name, const std::vector<std::string>& connection_tokens);
std::vector<std::string> connectionTokens(const std::vector<IsoHeader>& headers);

// Sends `method` for `url` (http or https) with `headers` (Host is set from
// the URL) and follows redirects up to the configured bound. Throws
// UpstreamError naming the URL and the cause. With a pool, connections are
// reused (a stale one is retried once on a new connection).
UpstreamResponse fetchUpstream(const std::string& method, const std::string& url,
                               const std::vector<IsoHeader>& headers,
                               const UpstreamSettings& settings, SessionPool* pool = nullptr);

// Builds the https client context for `ca_file` (empty: system CAs only);
// the reason when that fails (an unreadable or invalid PEM file).
std::optional<std::string> tlsSetupError(const std::string& ca_file);

// Checks that `url` is an absolute http or https URL with a host; the
// reason otherwise.
std::optional<std::string> invalidUpstreamUrl(const std::string& url);

}  // namespace smee::iso
