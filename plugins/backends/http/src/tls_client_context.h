#pragma once

#include <Poco/Net/Context.h>

#include <string>

namespace smee::backend_http {

// The TLS context for https hardware API URLs: the server's certificate must
// chain to `ca_file` (PEM, one or more certificates) or, without one, to the
// system's CA store, and must name `host` in a subjectAltName. The name rule
// is the Kubernetes backend's (tls_server_name.h), checked by OpenSSL during
// the handshake, so a bearer token never reaches a server that fails it.
// Throws std::runtime_error when the CA file cannot be used.
Poco::Net::Context::Ptr makeTlsClientContext(const std::string& host, const std::string& ca_file);

}  // namespace smee::backend_http
