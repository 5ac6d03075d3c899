#include "tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509err.h>

#include <memory>

#include "smee/errors.h"

namespace smee::http {
namespace {

// OpenSSL's queued errors as one line, most specific last, queue cleared.
std::string opensslReason() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char line[256];
    ERR_error_string_n(code, line, sizeof line);
    if (!text.empty()) text += "; ";
    text += line;
  }
  return text.empty() ? "unknown OpenSSL error" : text;
}

struct ContextFree {
  void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
};
using OwnedContext = std::unique_ptr<SSL_CTX, ContextFree>;

OwnedContext buildContext(const std::string& cert_file, const std::string& key_file) {
  ERR_clear_error();
  OwnedContext context(SSL_CTX_new(TLS_server_method()));
  if (!context) throw Error("TLS: cannot create a context: " + opensslReason());
  // TLS 1.2 is the oldest iPXE speaks; older versions only invite downgrades.
  SSL_CTX_set_min_proto_version(context.get(), TLS1_2_VERSION);
  SSL_CTX_set_options(context.get(), SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                                         SSL_OP_CIPHER_SERVER_PREFERENCE);
  // The event loop retries a blocked write with the rest of its buffer,
  // which may have moved (a string that grew); the stream threads write
  // what they can and go on.
  SSL_CTX_set_mode(context.get(), SSL_MODE_ENABLE_PARTIAL_WRITE |
                                      SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                                      SSL_MODE_RELEASE_BUFFERS);
  if (SSL_CTX_use_certificate_chain_file(context.get(), cert_file.c_str()) != 1)
    throw Error("TLS certificate " + cert_file + ": " + opensslReason());
  if (SSL_CTX_use_PrivateKey_file(context.get(), key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    // OpenSSL compares the key with the certificate while loading it.
    const bool mismatch = ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH;
    throw Error("TLS key " + key_file +
                (mismatch ? " does not belong to the certificate " + cert_file : std::string()) +
                ": " + opensslReason());
  }
  if (SSL_CTX_check_private_key(context.get()) != 1)
    throw Error("TLS key " + key_file + " does not belong to the certificate " + cert_file + ": " +
                opensslReason());
  return context;
}

}  // namespace

TlsContext::TlsContext(std::string cert_file, std::string key_file)
    : cert_file_(std::move(cert_file)), key_file_(std::move(key_file)) {}

TlsContext::~TlsContext() { SSL_CTX_free(context_); }

void TlsContext::load() {
  OwnedContext fresh = buildContext(cert_file_, key_file_);
  std::lock_guard lock(mutex_);
  // Sessions made from the old context hold a reference to it, so it lives
  // on until the last of them is freed.
  SSL_CTX_free(context_);
  context_ = fresh.release();
}

SSL* TlsContext::newSession(int fd) {
  SSL* session = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (context_ != nullptr) session = SSL_new(context_);
  }
  if (session == nullptr) return nullptr;
  if (SSL_set_fd(session, fd) != 1) {
    SSL_free(session);
    return nullptr;
  }
  SSL_set_accept_state(session);
  return session;
}

std::string TlsContext::describe() {
  std::lock_guard lock(mutex_);
  X509* certificate = context_ != nullptr ? SSL_CTX_get0_certificate(context_) : nullptr;
  if (certificate == nullptr) return "";
  char subject[512];
  X509_NAME_oneline(X509_get_subject_name(certificate), subject, sizeof subject);
  std::string text = subject;
  const ASN1_TIME* not_after = X509_get0_notAfter(certificate);
  tm expiry{};
  if (not_after != nullptr && ASN1_TIME_to_tm(not_after, &expiry) == 1) {
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &expiry);
    text += std::string(", valid until ") + date;
  }
  return text;
}

}  // namespace smee::http
