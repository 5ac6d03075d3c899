#pragma once

#include <Poco/Net/Context.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "lookup_key.h"
#include "request_watchdog.h"
#include "token_file.h"

namespace Poco::Net {
class HTTPClientSession;
}

namespace smee::backend_http {

struct ClientOptions {
  std::string url;                                  // http(s)://host[:port][/prefix]
  std::chrono::milliseconds timeout{2000};          // the whole request, body included
  std::chrono::milliseconds connect_timeout{1000};  // the TCP connect (and TLS handshake)
  std::size_t max_body = std::size_t{1024} * 1024;
  std::string ca_file;     // https: the only trust anchor when set
  std::string token_file;  // sent as "Authorization: Bearer <token>" when set
};

// What one request came to. Every HTTP status and transport failure has its
// result (the `result` label of smee_backend_http_requests_total).
enum class FetchResult {
  Found,            // 200 with a body within max_body
  NotFound,         // 404
  Redirect,         // 3xx: not followed
  Unauthorized,     // 401, 403
  BadStatus,        // any other status
  ServerError,      // 5xx
  TooLarge,         // a body above max_body
  Timeout,          // no answer, or not all of it, within `timeout`
  ConnectionError,  // refused, reset, closed early, no route
  TlsError,         // handshake failed: certificate, host name, protocol
};
inline constexpr std::size_t kFetchResultCount =
    static_cast<std::size_t>(FetchResult::TlsError) + 1;
std::string_view fetchResultName(FetchResult result);
// True for results that say the API is down or misconfigured (they count
// towards the circuit breaker), false for answers about one machine.
bool isApiFailure(FetchResult result);

struct FetchOutcome {
  FetchResult result = FetchResult::ConnectionError;
  int status = 0;             // the HTTP status when one was read
  std::string body;           // Found only
  std::string reason;         // a sentence for the log when not Found / NotFound
  std::string token_problem;  // the token file changed but could not be used
};

// GET <url>/v1/hardware?mac=... (or ?ip=...) over HTTP or HTTPS. Thread-safe:
// each request has its own connection (the pool has a handful of workers and
// a request every few seconds per machine at most; keep-alive would buy
// little and cost the handling of connections the server closed).
class HardwareClient {
 public:
  // Throws std::invalid_argument naming what is wrong with the URL, the CA
  // file or the token file.
  explicit HardwareClient(ClientOptions options);
  ~HardwareClient();

  FetchOutcome get(const LookupKey& key);

  // Starts the thread that holds requests to their deadline.
  void start() { watchdog_.start(); }
  // Ends every request in flight; later requests fail at once.
  void stop() noexcept { watchdog_.stop(); }
  // SIGHUP: read the token file again on the next request.
  void reloadToken();

  const std::string& url() const { return options_.url; }
  const ClientOptions& options() const { return options_; }

 private:
  std::unique_ptr<Poco::Net::HTTPClientSession> makeSession() const;

  const ClientOptions options_;
  std::string host_;
  unsigned short port_ = 0;
  bool https_ = false;
  std::string path_prefix_;  // the URL's path without a trailing '/'
  Poco::Net::Context::Ptr tls_;
  std::unique_ptr<TokenFile> token_;
  RequestWatchdog watchdog_;
};

}  // namespace smee::backend_http
