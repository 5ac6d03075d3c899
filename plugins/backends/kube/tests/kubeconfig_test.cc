#include "kubeconfig.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "base64_data.h"

namespace smee::backend_kube {
namespace {

namespace fs = std::filesystem;

class Kubeconfig : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("smee-kubeconfig-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path;
  }
  EnvLookup env() {
    return [this](const char* name) -> const char* {
      const auto it = env_.find(name);
      return it == env_.end() ? nullptr : it->second.c_str();
    };
  }
  AccessRequest request() {
    AccessRequest r;
    r.home = dir_ / "home";
    r.service_account_dir = dir_ / "sa";
    return r;
  }

  fs::path dir_;
  std::map<std::string, std::string> env_;
};

// "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n" in base64.
constexpr const char* kCaPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
constexpr const char* kCaData =
    "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=";

std::string tokenConfig(const std::string& extra_user = "token: abc123") {
  return R"(apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: dev
  cluster:
    server: https://dev.example:6443
- name: prod
  cluster:
    server: https://10.0.0.1:6443/
    certificate-authority-data: )" +
         std::string(kCaData) + R"(
contexts:
- name: dev
  context: {cluster: dev, user: dev-user}
- name: prod
  context: {cluster: prod, user: admin, namespace: tink-system}
users:
- name: dev-user
  user: {token: wrong}
- name: admin
  user:
    )" + extra_user +
         "\n";
}

TEST_F(Kubeconfig, CurrentContextPicksClusterUserAndCaData) {
  const ApiAccess access = accessFromKubeconfigs({{dir_ / "config", tokenConfig()}});
  EXPECT_EQ(access.server, "https://10.0.0.1:6443");
  EXPECT_EQ(access.ca_pem, kCaPem);
  EXPECT_EQ(access.token, "abc123");
  EXPECT_EQ(access.namespace_, "tink-system");
  EXPECT_FALSE(access.insecure_skip_tls_verify);
  EXPECT_NE(access.origin.find("context prod"), std::string::npos) << access.origin;
}

TEST_F(Kubeconfig, TokenFileIsRelativeToTheKubeconfigAndReReadWhenItRotates) {
  const fs::path config = write("kube/config", tokenConfig("tokenFile: secrets/token"));
  write("kube/secrets/token", "first-token\n");
  AccessRequest r = request();
  r.explicit_path = config;
  const ApiAccess access = loadApiAccess(r, env());
  EXPECT_EQ(access.token_file, dir_ / "kube" / "secrets" / "token");
  EXPECT_EQ(currentToken(access), "first-token");
  write("kube/secrets/token", "rotated-token");
  EXPECT_EQ(currentToken(access), "rotated-token");
  fs::remove(dir_ / "kube/secrets/token");
  EXPECT_THROW(currentToken(access), KubeconfigError);
}

TEST_F(Kubeconfig, ClientCertificateFilesAndCaFile) {
  write("pki/client.crt", "CERT");
  write("pki/client.key", "KEY");
  write("pki/ca.crt", "CA");
  const std::string text = R"(current-context: c
clusters: [{name: k, cluster: {server: "https://127.0.0.1:1", certificate-authority: pki/ca.crt}}]
contexts: [{name: c, context: {cluster: k, user: u}}]
users: [{name: u, user: {client-certificate: pki/client.crt, client-key: pki/client.key}}]
)";
  const ApiAccess access = accessFromKubeconfigs({{dir_ / "config", text}});
  EXPECT_EQ(access.client_cert_pem, "CERT");
  EXPECT_EQ(access.client_key_pem, "KEY");
  EXPECT_EQ(access.ca_pem, "CA");
  EXPECT_TRUE(access.token.empty());
}

TEST_F(Kubeconfig, InsecureSkipTlsVerify) {
  const std::string text = R"(current-context: c
clusters: [{name: k, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
contexts: [{name: c, context: {cluster: k}}]
)";
  const ApiAccess access = accessFromKubeconfigs({{dir_ / "config", text}});
  EXPECT_TRUE(access.insecure_skip_tls_verify);
}

TEST_F(Kubeconfig, KubeconfigListMergesAndTheFirstFileWins) {
  const fs::path a = write("a", R"(current-context: c
contexts: [{name: c, context: {cluster: k, user: u}}]
users: [{name: u, user: {token: from-a}}]
)");
  const fs::path b = write("b", R"(current-context: other
clusters: [{name: k, cluster: {server: "https://192.0.2.1:6443"}}]
users: [{name: u, user: {token: from-b}}]
)");
  env_["KUBECONFIG"] = (dir_ / "missing").string() + ":" + a.string() + ":" + b.string();
  const ApiAccess access = loadApiAccess(request(), env());
  EXPECT_EQ(access.server, "https://192.0.2.1:6443");
  EXPECT_EQ(access.token, "from-a");
}

TEST_F(Kubeconfig, ExplicitPathBeatsKubeconfigVariableAndApiOverridesTheServer) {
  const fs::path explicit_file = write("explicit", tokenConfig());
  env_["KUBECONFIG"] = write("other", "current-context: x\n").string();
  AccessRequest r = request();
  r.explicit_path = explicit_file;
  r.api_override = "https://127.0.0.1:16443/";
  const ApiAccess access = loadApiAccess(r, env());
  EXPECT_EQ(access.server, "https://127.0.0.1:16443");
  EXPECT_EQ(access.token, "abc123");
}

TEST_F(Kubeconfig, HomeKubeConfigIsTheDefault) {
  write("home/.kube/config", tokenConfig());
  EXPECT_EQ(loadApiAccess(request(), env()).server, "https://10.0.0.1:6443");
}

TEST_F(Kubeconfig, InClusterServiceAccount) {
  write("sa/token", "sa-token\n");
  write("sa/ca.crt", kCaPem);
  write("sa/namespace", "tink-system");
  env_["KUBERNETES_SERVICE_HOST"] = "10.96.0.1";
  env_["KUBERNETES_SERVICE_PORT"] = "443";
  const ApiAccess access = loadApiAccess(request(), env());
  EXPECT_EQ(access.server, "https://10.96.0.1:443");
  EXPECT_EQ(currentToken(access), "sa-token");
  EXPECT_EQ(access.ca_pem, kCaPem);
  EXPECT_EQ(access.namespace_, "tink-system");
  EXPECT_NE(access.origin.find("in-cluster"), std::string::npos);
}

TEST_F(Kubeconfig, InClusterIpv6ServiceHostIsBracketed) {
  write("sa/token", "t");
  write("sa/ca.crt", kCaPem);
  env_["KUBERNETES_SERVICE_HOST"] = "fd00::1";
  env_["KUBERNETES_SERVICE_PORT"] = "443";
  EXPECT_EQ(loadApiAccess(request(), env()).server, "https://[fd00::1]:443");
}

TEST_F(Kubeconfig, NothingFoundSaysWhereItLooked) {
  try {
    loadApiAccess(request(), env());
    FAIL() << "expected an error";
  } catch (const KubeconfigError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("no kubeconfig found"), std::string::npos) << message;
    EXPECT_NE(message.find("KUBERNETES_SERVICE_HOST"), std::string::npos) << message;
  }
}

TEST_F(Kubeconfig, ApiUrlAloneIsEnoughForAnUnauthenticatedProxy) {
  AccessRequest r = request();
  r.api_override = "http://127.0.0.1:8001";
  const ApiAccess access = loadApiAccess(r, env());
  EXPECT_EQ(access.server, "http://127.0.0.1:8001");
  EXPECT_TRUE(access.token.empty());
}

void expectError(const std::string& text, const std::string& fragment) {
  try {
    accessFromKubeconfigs({{"/k/config", text}});
    ADD_FAILURE() << "expected an error containing " << fragment;
  } catch (const KubeconfigError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST_F(Kubeconfig, SpecificErrors) {
  expectError("clusters: [\n", "/k/config:");
  expectError("just text", "expected a kubeconfig mapping");
  expectError("clusters: []\n", "no current-context");
  expectError("current-context: nope\n", "current-context \"nope\" is not among the contexts");
  expectError("current-context: c\ncontexts: [{name: c, context: {cluster: k}}]\n",
              "names cluster \"k\", which is not defined");
  expectError(R"(current-context: c
clusters: [{name: k, cluster: {server: "https://h", certificate-authority-data: "@@@"}}]
contexts: [{name: c, context: {cluster: k}}]
)",
              "not valid base64");
  expectError(R"(current-context: c
clusters: [{name: k, cluster: {server: "https://h"}}]
contexts: [{name: c, context: {cluster: k, user: u}}]
users: [{name: u, user: {exec: {command: aws}}}]
)",
              "exec and auth-provider credential plugins are not supported");
  expectError(R"(current-context: c
clusters: [{name: k, cluster: {server: "https://h", insecure-skip-tls-verify: maybe}}]
contexts: [{name: c, context: {cluster: k}}]
)",
              "expected true or false");
  expectError(R"(current-context: c
clusters: [{name: k, cluster: {server: "https://h"}}]
contexts: [{name: c, context: {cluster: k, user: u}}]
users: [{name: u, user: {client-certificate-data: Q0VSVA==}}]
)",
              "needs both the certificate and the key");
  expectError(R"(current-context: c
clusters: [{name: k, cluster: {server: "https://h", certificate-authority: /nonexistent/ca.crt}}]
contexts: [{name: c, context: {cluster: k}}]
)",
              "cannot read /nonexistent/ca.crt");
}

TEST_F(Kubeconfig, ServerMustBeAnHttpUrl) {
  AccessRequest r = request();
  r.api_override = "10.0.0.1:6443";
  EXPECT_THROW(loadApiAccess(r, env()), KubeconfigError);
}

TEST(Base64, DecodesWithAndWithoutPadding) {
  EXPECT_EQ(decodeBase64("aGVsbG8=", "x"), "hello");
  EXPECT_EQ(decodeBase64("aGVsbG8", "x"), "hello");
  EXPECT_EQ(decodeBase64("aGVsbA==", "x"), "hell");
  EXPECT_EQ(decodeBase64("aGVsbA", "x"), "hell");
  EXPECT_EQ(decodeBase64("aGVs\nbG8h", "x"), "hello!");
  EXPECT_EQ(decodeBase64(" aGVs\r\n\tbG8h \n", "x"), "hello!");
  EXPECT_EQ(decodeBase64("", "x"), "");
  EXPECT_EQ(decodeBase64("/+8=", "x"), "\xff\xef");
}

// What Poco's decoder alone would pass over quietly ("aG=Vs" as "h", text
// after the padding dropped) is an error naming the field and the place.
TEST(Base64, MalformedTextIsAClearError) {
  auto reason = [](std::string_view text) -> std::string {
    try {
      decodeBase64(text, "kubeconfig: clusters[0].certificate-authority-data");
      return "";
    } catch (const KubeconfigError& e) {
      return e.what();
    }
  };
  EXPECT_EQ(reason("a"),
            "kubeconfig: clusters[0].certificate-authority-data: not valid base64 (truncated)");
  EXPECT_EQ(reason("aGVsbG8h"
                   "a"),
            reason("a"));
  EXPECT_EQ(reason("aG=Vs"),
            "kubeconfig: clusters[0].certificate-authority-data: not valid base64 (text after the "
            "'=' padding at offset 3)");
  EXPECT_NE(reason("aGVsbG8=x").find("text after the '=' padding at offset 8"), std::string::npos);
  EXPECT_NE(reason("aGVs!G8h").find("'!' at offset 4"), std::string::npos);
  EXPECT_NE(reason("aGVs-G8h").find("'-' at offset 4"), std::string::npos);  // URL alphabet
  EXPECT_NE(reason("aGVs\x01G8h").find("a control or non-ASCII byte at offset 4"),
            std::string::npos);
  EXPECT_NE(reason("aGVsbG8==").find("wrong padding"), std::string::npos);
  EXPECT_NE(reason("aGVsbA=").find("wrong padding"), std::string::npos);
  EXPECT_NE(reason("====").find("wrong padding"), std::string::npos);
}

}  // namespace
}  // namespace smee::backend_kube
