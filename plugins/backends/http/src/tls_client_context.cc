#include "tls_client_context.h"

#include <Poco/Exception.h>

#include <stdexcept>

#include "tls_server_name.h"

namespace smee::backend_http {

Poco::Net::Context::Ptr makeTlsClientContext(const std::string& host, const std::string& ca_file) {
  using Poco::Net::Context;
  Context::Params params;
  params.verificationMode = Context::VERIFY_STRICT;
  params.caLocation = ca_file;  // a private CA is the only trust anchor when given
  params.loadDefaultCAs = ca_file.empty();
  params.cipherList = "HIGH:!aNULL:!MD5";
  Context::Ptr context;
  try {
    context = new Context(Context::TLS_CLIENT_USE, params);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("cannot use CA file " + ca_file + ": " + e.displayText());
  }
  // Poco's own check after the handshake skips loopback hosts; OpenSSL's
  // during the handshake holds for every address.
  context->enableExtendedCertificateVerification(false);
  backend_kube::requireServerName(*context, host);
  return context;
}

}  // namespace smee::backend_http
