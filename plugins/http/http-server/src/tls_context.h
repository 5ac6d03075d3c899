#pragma once

#include <mutex>
#include <string>

struct ssl_ctx_st;
struct ssl_st;

namespace smee::http {

// The certificate and key of the HTTPS listener. Loaded at start, where a
// bad file is a start-up error; load() again on SIGHUP swaps them in for
// the connections accepted from then on (those already open keep the
// certificate they were handshaken with), and a reload that fails keeps
// the last good pair, so a half-written certificate never takes HTTPS down.
class TlsContext {
 public:
  TlsContext(std::string cert_file, std::string key_file);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  // Throws smee::Error naming the file and OpenSSL's reason.
  void load();
  // A server-side session on an accepted, non-blocking socket; nullptr
  // when OpenSSL cannot make one (out of memory).
  ssl_st* newSession(int fd);
  // The loaded certificate's subject and expiry, for the log line.
  std::string describe();

 private:
  const std::string cert_file_;
  const std::string key_file_;
  std::mutex mutex_;
  ssl_ctx_st* context_ = nullptr;
};

}  // namespace smee::http
