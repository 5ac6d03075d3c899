#pragma once

#include <Poco/Net/Context.h>

#include <string>

namespace smee::backend_kube {

// The server-certificate rule of the kube client, as client-go's: the chain
// must lead to a trusted CA, and the leaf must name the host of the API URL
// in a subjectAltName (DNS name, or IP address when the host is one; the
// subject CN is never used). It holds for every address, loopback included:
// Poco's VERIFY_RELAXED skips the name check for loopback hosts, so a broken
// check could not be caught by tests on 127.0.0.1.
//
// The check is OpenSSL's own (X509_VERIFY_PARAM host / IP), made during the
// handshake, so a bearer token is never sent to a server that fails it.
// Throws std::runtime_error when OpenSSL refuses the host.
void requireServerName(Poco::Net::Context& context, const std::string& host);

// Why the last handshake on this thread failed certificate verification
// ("its names are DNS:other.example"); empty when it
// did not. Reading clears it.
std::string takeCertificateFailure();

}  // namespace smee::backend_kube
