#include "api_client.h"

#include <Poco/Crypto/EVPPKey.h>
#include <Poco/Crypto/X509Certificate.h>
#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/URI.h>

#include <sstream>

#include "tls_server_name.h"

namespace smee::backend_kube {

namespace {

// A bundle may hold several certificates; Poco reads one per stream.
std::vector<std::string> splitPem(const std::string& pem) {
  static const std::string kBegin = "-----BEGIN CERTIFICATE-----";
  static const std::string kEnd = "-----END CERTIFICATE-----";
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = pem.find(kBegin, pos)) != std::string::npos) {
    const std::size_t end = pem.find(kEnd, pos);
    if (end == std::string::npos) break;
    out.push_back(pem.substr(pos, end + kEnd.size() - pos) + "\n");
    pos = end + kEnd.size();
  }
  return out;
}

Poco::Net::Context::Ptr makeContext(const ApiAccess& access, const std::string& host) {
  using Poco::Net::Context;
  Context::Params params;
  params.verificationMode =
      access.insecure_skip_tls_verify ? Context::VERIFY_NONE : Context::VERIFY_STRICT;
  // The kubeconfig's CA is the only trust anchor when it names one, as in
  // client-go; otherwise the system's store.
  params.loadDefaultCAs = access.ca_pem.empty() && !access.insecure_skip_tls_verify;
  params.cipherList = "HIGH:!aNULL:!MD5";
  Context::Ptr context = new Context(Context::TLS_CLIENT_USE, params);
  try {
    if (!access.insecure_skip_tls_verify && !access.ca_pem.empty()) {
      const auto certificates = splitPem(access.ca_pem);
      if (certificates.empty()) {
        throw KubeconfigError(access.origin + ": the cluster CA holds no PEM certificate");
      }
      for (const std::string& pem : certificates) {
        std::istringstream in(pem);
        context->addCertificateAuthority(Poco::Crypto::X509Certificate(in));
      }
    }
    if (!access.client_cert_pem.empty()) {
      std::istringstream cert(access.client_cert_pem);
      context->useCertificate(Poco::Crypto::X509Certificate(cert));
      std::istringstream key(access.client_key_pem);
      context->usePrivateKey(Poco::Crypto::EVPPKey(nullptr, &key));
    }
  } catch (const Poco::Exception& e) {
    throw KubeconfigError(access.origin + ": cannot use the TLS material: " + e.displayText());
  }
  // Poco's own name check after the handshake is off: the rule is
  // requireServerName's, checked by OpenSSL during the handshake, the same
  // for every address (Poco's skipped loopback hosts).
  context->enableExtendedCertificateVerification(false);
  if (!access.insecure_skip_tls_verify) {
    try {
      requireServerName(*context, host);
    } catch (const std::runtime_error& e) {
      throw KubeconfigError(access.origin + ": server \"" + access.server + "\": " + e.what());
    }
  }
  return context;
}

}  // namespace

std::string ApiClient::Response::readAll() {
  if (body == nullptr) return {};
  std::ostringstream out;
  out << body->rdbuf();
  return out.str();
}

ApiClient::ApiClient(ApiAccess access) : access_(std::move(access)) {
  Poco::URI uri;
  try {
    uri = Poco::URI(access_.server);
  } catch (const Poco::Exception& e) {
    throw KubeconfigError(access_.origin + ": server \"" + access_.server +
                          "\" is not a URL: " + e.displayText());
  }
  https_ = uri.getScheme() == "https";
  host_ = uri.getHost();
  port_ = uri.getPort();
  if (host_.empty())
    throw KubeconfigError(access_.origin + ": server \"" + access_.server + "\" has no host");
  if (https_) context_ = makeContext(access_, host_);
}

ApiClient::~ApiClient() = default;

std::string ApiClient::describeFailure(const std::string& error) const {
  // OpenSSL's own text ("certificate verify failed") names neither the host
  // nor the certificate; the verify callback kept both.
  const std::string certificate = takeCertificateFailure();
  if (certificate.empty()) return error;
  return "TLS: the API server's certificate is not valid for host " + host_ + " (port " +
         std::to_string(port_) + "): " + certificate;
}

std::unique_ptr<Poco::Net::HTTPClientSession> ApiClient::makeSession() const {
  if (https_) return std::make_unique<Poco::Net::HTTPSClientSession>(host_, port_, context_);
  return std::make_unique<Poco::Net::HTTPClientSession>(host_, port_);
}

ApiClient::Response ApiClient::get(const std::string& path,
                                   std::chrono::milliseconds read_timeout) {
  std::string token;
  try {
    token = currentToken(access_);
  } catch (const KubeconfigError& e) {
    throw ApiError(e.what());
  }
  Poco::Net::HTTPClientSession* session = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (aborted_) throw ApiError("stopped");
    session_ = makeSession();
    session = session_.get();
  }
  const auto seconds = std::chrono::duration_cast<std::chrono::microseconds>(read_timeout).count();
  session->setTimeout(Poco::Timespan(10, 0), Poco::Timespan(10, 0), Poco::Timespan(seconds));
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, path,
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  request.set("Accept", "application/json");
  request.set("User-Agent", "smeed-backend-kube");
  if (!token.empty()) request.set("Authorization", "Bearer " + token);
  Response response;
  takeCertificateFailure();  // a failure of an earlier request is not this one's
  try {
    session->sendRequest(request);
    Poco::Net::HTTPResponse http_response;
    response.body = &session->receiveResponse(http_response);
    response.status = static_cast<int>(http_response.getStatus());
    response.reason = http_response.getReason();
  } catch (const Poco::Exception& e) {
    throw ApiError(describeFailure(e.displayText()));
  } catch (const std::exception& e) {
    throw ApiError(describeFailure(e.what()));
  }
  return response;
}

void ApiClient::abort() {
  std::lock_guard lock(mutex_);
  aborted_ = true;
  if (session_) {
    try {
      session_->abort();
    } catch (...) {
      // Already closed: nothing to interrupt.
    }
  }
}

void ApiClient::reset() {
  std::lock_guard lock(mutex_);
  aborted_ = false;
}

}  // namespace smee::backend_kube
