#pragma once

#include <cstddef>
#include <string>

struct ssl_st;

namespace smee::http {

// One SSL_read or SSL_write on a non-blocking socket, told the way the
// event loop needs it: bytes moved, or which readiness to wait for, or
// the end. TLS may need to read while writing and write while reading
// (the handshake runs inside the first read), hence both waits.
struct TlsStep {
  enum class Kind { Moved, WantRead, WantWrite, Closed, Failed } kind = Kind::Failed;
  std::size_t bytes = 0;
  std::string error;  // for Failed: OpenSSL's reason
};

TlsStep tlsRead(ssl_st* session, char* buffer, std::size_t size);
TlsStep tlsWrite(ssl_st* session, const char* data, std::size_t size);
// Whether the handshake finished (a failure before it is a handshake failure).
bool tlsHandshakeDone(ssl_st* session);
// Whether the client sent anything: a client that hangs up (or resets) after
// its first bytes and before the end failed its handshake; one that sent
// nothing (a TCP health check) did not.
bool tlsClientSpoke(ssl_st* session);
// A close_notify if the socket takes it now, then the session is freed.
void tlsEnd(ssl_st* session);

}  // namespace smee::http
