// The kube client's server-certificate rule against fake_kube_api.py on
// 127.0.0.1: the certificate must name the API URL's host in a
// subjectAltName, loopback included (Poco's VERIFY_RELAXED skipped loopback,
// which made a wrong name pass here). Certificates from make_certs.sh, all
// signed by the CA the client trusts, so only the name decides.
#include "tls_server_name.h"

#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

#include "api_client.h"
#include "fake_api_server.h"
#include "hardware_decoder.h"
#include "hardware_json.h"

namespace smee::backend_kube {
namespace {

using namespace std::chrono_literals;
using testing::FakeApiServer;
using testing::readFile;
using testing::testCertificates;

const std::string kListPath = "/apis/tinkerbell.org/v1alpha1/hardware?limit=10";

class TlsServerName : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { Poco::Net::initializeSSL(); }
  static void TearDownTestSuite() { Poco::Net::uninitializeSSL(); }

  void startServer(const std::string& certificate) {
    server_ =
        std::make_unique<FakeApiServer>(std::vector<std::string>{"--token", "good"}, certificate);
  }
  ApiAccess access(bool insecure = false) const {
    ApiAccess access;
    access.server = server_->url();
    access.ca_pem = readFile(testCertificates() / "ca.crt");
    access.insecure_skip_tls_verify = insecure;
    access.token = "good";
    access.origin = "test";
    return access;
  }
  // The ApiError text of a list request, or "" when it got an answer.
  std::string listFailure(const ApiAccess& access) const {
    ApiClient client(access);
    try {
      ApiClient::Response response = client.get(kListPath, 5s);
      EXPECT_EQ(response.status, 200);
      std::string error;
      EXPECT_TRUE(decodeListPage(response.readAll(), error)) << error;
      return "";
    } catch (const ApiError& e) {
      return e.what();
    }
  }
  // A handshake to the server on 127.0.0.1 as a client that asks for `host`
  // (the name check does not depend on where the socket goes, so DNS names
  // are tested without resolving any).
  std::string handshakeFailure(const std::string& host) const {
    using Poco::Net::Context;
    Context::Params params;
    params.verificationMode = Context::VERIFY_STRICT;
    params.loadDefaultCAs = false;
    Context::Ptr context = new Context(Context::TLS_CLIENT_USE, params);
    std::istringstream ca(readFile(testCertificates() / "ca.crt"));
    context->addCertificateAuthority(Poco::Crypto::X509Certificate(ca));
    context->enableExtendedCertificateVerification(false);
    requireServerName(*context, host);
    takeCertificateFailure();
    try {
      Poco::Net::SecureStreamSocket socket(context);
      socket.setPeerHostName(host);
      socket.connect(
          Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(server_->apiPort())),
          Poco::Timespan(5, 0));
      socket.completeHandshake();
      return "";
    } catch (const Poco::Exception& e) {
      const std::string failure = takeCertificateFailure();
      return failure.empty() ? e.displayText() : failure;
    }
  }

  std::unique_ptr<FakeApiServer> server_;
};

TEST_F(TlsServerName, ACertificateForAnotherNameIsRefusedOnLoopback) {
  startServer("other-name");
  const std::string failure = listFailure(access());
  EXPECT_EQ(failure, "TLS: the API server's certificate is not valid for host 127.0.0.1 (port " +
                         std::to_string(server_->apiPort()) + "): its names are DNS:other.example");
  // Refused in the handshake: the request, and its bearer token, never left.
  EXPECT_EQ(server_->stat("list_pages"), 0);
  EXPECT_EQ(server_->stat("unauthorised"), 0);
}

TEST_F(TlsServerName, AnIpSanFor127001IsAccepted) {
  startServer("ip-only");
  EXPECT_EQ(listFailure(access()), "");
  EXPECT_EQ(server_->stat("list_pages"), 1);
}

TEST_F(TlsServerName, TheSubjectCnIsNeverTheName) {
  startServer("cn-only");  // CN=other.example, no subjectAltName
  EXPECT_NE(listFailure(access()).find("its names are no DNS or IP subjectAltName"),
            std::string::npos);
  EXPECT_EQ(handshakeFailure("other.example"), "its names are no DNS or IP subjectAltName");
}

TEST_F(TlsServerName, DnsNamesAreMatchedAgainstTheUrlHost) {
  startServer("other-name");
  EXPECT_EQ(handshakeFailure("other.example"), "");
  EXPECT_EQ(handshakeFailure("OTHER.example"), "");  // names are case-insensitive
  EXPECT_EQ(handshakeFailure("x.other.example"), "its names are DNS:other.example");
  EXPECT_EQ(handshakeFailure("127.0.0.1"), "its names are DNS:other.example");
  startServer("server");  // DNS:localhost, IP:127.0.0.1
  EXPECT_EQ(handshakeFailure("other.example"), "its names are DNS:localhost, IP:127.0.0.1");
}

TEST_F(TlsServerName, AnUntrustedChainIsStillRefusedWithTheRightName) {
  startServer("ip-only");
  ApiAccess other_ca = access();
  other_ca.ca_pem = readFile(testCertificates() / "other-ca.crt");
  const std::string failure = listFailure(other_ca);
  EXPECT_NE(failure.find("not valid for host 127.0.0.1"), std::string::npos) << failure;
  EXPECT_NE(failure.find("unable to get local issuer certificate"), std::string::npos) << failure;
}

TEST_F(TlsServerName, InsecureSkipTlsVerifyIsTheOnlyWayPastTheName) {
  startServer("other-name");
  EXPECT_EQ(listFailure(access(/*insecure=*/true)), "");
}

}  // namespace
}  // namespace smee::backend_kube
