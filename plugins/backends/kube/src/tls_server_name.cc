#include "tls_server_name.h"

#include <Poco/Net/IPAddress.h>
#include <arpa/inet.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace smee::backend_kube {

namespace {

// OpenSSL calls the verify callback on the thread doing the handshake,
// which is the thread that called ApiClient::get(): it reads the reason back
// when the handshake throws.
thread_local std::string t_failure;

// "DNS:a.example, IP:192.0.2.1": what the certificate claims to be.
std::string subjectAltNames(X509* certificate) {
  auto* names = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr));
  std::string out;
  for (int i = 0; names != nullptr && i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    std::string text;
    if (name->type == GEN_DNS) {
      const auto* data = ASN1_STRING_get0_data(name->d.dNSName);
      text = "DNS:" + std::string(reinterpret_cast<const char*>(data),
                                  static_cast<std::size_t>(ASN1_STRING_length(name->d.dNSName)));
    } else if (name->type == GEN_IPADD) {
      const int length = ASN1_STRING_length(name->d.iPAddress);
      char address[INET6_ADDRSTRLEN] = {};
      const int family = length == 4 ? AF_INET : length == 16 ? AF_INET6 : 0;
      if (family == 0 || ::inet_ntop(family, ASN1_STRING_get0_data(name->d.iPAddress), address,
                                     sizeof address) == nullptr) {
        continue;
      }
      text = std::string("IP:") + address;
    } else {
      continue;
    }
    out += (out.empty() ? "" : ", ") + text;
  }
  GENERAL_NAMES_free(names);
  return out.empty() ? "no DNS or IP subjectAltName" : out;
}

std::string subjectOf(X509* certificate) {
  char text[256] = {};
  X509_NAME_oneline(X509_get_subject_name(certificate), text, sizeof text);
  return text;
}

// Replaces Poco's callback, which only forwards failures to SSLManager's
// events, where a globally installed "accept" handler could overrule them.
int verifyCallback(int ok, X509_STORE_CTX* store) {
  if (ok == 1) return 1;
  const int error = X509_STORE_CTX_get_error(store);
  X509* certificate = X509_STORE_CTX_get_current_cert(store);
  if (error == X509_V_ERR_HOSTNAME_MISMATCH || error == X509_V_ERR_IP_ADDRESS_MISMATCH) {
    t_failure = "its names are " +
                (certificate ? subjectAltNames(certificate) : std::string("an unknown name"));
  } else {
    t_failure = X509_verify_cert_error_string(error);
    if (certificate != nullptr) {
      t_failure += " (certificate " + subjectOf(certificate) + ", depth " +
                   std::to_string(X509_STORE_CTX_get_error_depth(store)) + ")";
    }
  }
  return 0;
}

}  // namespace

void requireServerName(Poco::Net::Context& context, const std::string& host) {
  SSL_CTX* ssl = context.sslContext();
  X509_VERIFY_PARAM* param = SSL_CTX_get0_param(ssl);
  Poco::Net::IPAddress address;
  int set = 0;
  if (Poco::Net::IPAddress::tryParse(host, address)) {
    set = X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
  } else {
    X509_VERIFY_PARAM_set_hostflags(
        param, X509_CHECK_FLAG_NEVER_CHECK_SUBJECT | X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    set = X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
  }
  if (set != 1) throw std::runtime_error("cannot verify certificates for host \"" + host + "\"");
  SSL_CTX_set_verify(ssl, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, &verifyCallback);
}

std::string takeCertificateFailure() {
  std::string failure;
  failure.swap(t_failure);
  return failure;
}

}  // namespace smee::backend_kube
