#include "tls_io.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

namespace smee::http {
namespace {

TlsStep outcome(SSL* session, int result) {
  TlsStep step;
  if (result > 0) {
    step.kind = TlsStep::Kind::Moved;
    step.bytes = static_cast<std::size_t>(result);
    return step;
  }
  const int error = SSL_get_error(session, result);
  switch (error) {
    case SSL_ERROR_WANT_READ:
      step.kind = TlsStep::Kind::WantRead;
      break;
    case SSL_ERROR_WANT_WRITE:
      step.kind = TlsStep::Kind::WantWrite;
      break;
    case SSL_ERROR_ZERO_RETURN:  // the client's close_notify
      step.kind = TlsStep::Kind::Closed;
      break;
    case SSL_ERROR_SYSCALL:
      if (errno == EINTR) {
        step.kind = TlsStep::Kind::WantRead;  // retried at the next readiness
        break;
      }
      // The socket ended without close_notify: a client that hung up (or,
      // with errno, a reset).
      step.kind = errno == 0 ? TlsStep::Kind::Closed : TlsStep::Kind::Failed;
      step.error = errno == 0 ? "connection closed" : std::strerror(errno);
      break;
    default: {
      step.kind = TlsStep::Kind::Failed;
      const unsigned long code = ERR_peek_last_error();
      const char* reason = code != 0 ? ERR_reason_error_string(code) : nullptr;
      step.error = reason != nullptr ? reason : "TLS protocol error";
      break;
    }
  }
  ERR_clear_error();
  return step;
}

int clampedSize(std::size_t size) { return static_cast<int>(std::min<std::size_t>(size, INT_MAX)); }

}  // namespace

TlsStep tlsRead(ssl_st* session, char* buffer, std::size_t size) {
  ERR_clear_error();
  errno = 0;
  return outcome(session, SSL_read(session, buffer, clampedSize(size)));
}

TlsStep tlsWrite(ssl_st* session, const char* data, std::size_t size) {
  ERR_clear_error();
  errno = 0;
  return outcome(session, SSL_write(session, data, clampedSize(size)));
}

bool tlsHandshakeDone(ssl_st* session) { return SSL_is_init_finished(session) == 1; }

bool tlsClientSpoke(ssl_st* session) { return BIO_number_read(SSL_get_rbio(session)) > 0; }

void tlsEnd(ssl_st* session) {
  if (session == nullptr) return;
  // Only after a finished handshake, and without waiting: a client that
  // does not read is not worth a blocked loop.
  if (SSL_is_init_finished(session) == 1) {
    SSL_set_quiet_shutdown(session, 0);
    (void)SSL_shutdown(session);
  }
  ERR_clear_error();
  SSL_free(session);
}

}  // namespace smee::http
