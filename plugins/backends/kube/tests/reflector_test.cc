// The kube backend against fake_kube_api.py on 127.0.0.1 (TLS, bearer
// tokens, client certificates): list pagination, watch events, dropped
// connections, 410 Gone, bookmarks, 401/403, kubeconfig variants.
#include <Poco/JSON/Object.h>
#include <Poco/Net/SSLManager.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <thread>

#include "fake_api_server.h"
#include "hardware_json.h"
#include "kube_backend.h"
#include "kube_plugin.h"
#include "smee/errors.h"
#include "test_support.h"

namespace smee::backend_kube {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::FakeApiServer;
using testing::hardwareJson;
using testing::readFile;
using testing::testCertificates;

MacAddress mac(const char* text) { return *MacAddress::parse(text); }
Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return condition();
}

class SslEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { Poco::Net::initializeSSL(); }
  void TearDown() override { Poco::Net::uninitializeSSL(); }
};
const auto* const kSsl = ::testing::AddGlobalTestEnvironment(new SslEnvironment);

class KubeBackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("smee-kube-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    backend_.reset();
    server_.reset();
    fs::remove_all(dir_);
  }

  // Starts the fake server with `objects` (JSON texts) and token "good".
  void startServer(const std::vector<std::string>& objects, std::vector<std::string> args = {}) {
    std::string list = "[";
    for (const std::string& o : objects) list += (list.size() > 1 ? "," : "") + o;
    list += "]";
    std::ofstream(dir_ / "objects.json") << list;
    args.insert(args.end(), {"--token", "good", "--objects", (dir_ / "objects.json").string()});
    server_ = std::make_unique<FakeApiServer>(args);
  }
  ApiAccess tokenAccess(const std::string& token = "good") const {
    ApiAccess access;
    access.server = server_->url();
    access.ca_pem = readFile(testCertificates() / "ca.crt");
    access.token = token;
    access.origin = "test";
    return access;
  }
  ReflectorOptions fastOptions() const {
    ReflectorOptions options;
    options.page_size = 2;
    options.watch_timeout = 2s;
    options.backoff_initial = 20ms;
    options.backoff_max = 100ms;
    options.request_timeout = 5s;
    return options;
  }
  KubeBackend& startBackend(ApiAccess access, const ReflectorOptions& options) {
    backend_ = std::make_unique<KubeBackend>(std::move(access), options, log_.logger, metrics_);
    backend_->start();
    return *backend_;
  }
  KubeBackend& startSynced(ApiAccess access, const ReflectorOptions& options) {
    KubeBackend& backend = startBackend(std::move(access), options);
    EXPECT_TRUE(backend.waitForSync(5s)) << logText();
    return backend;
  }
  std::uint64_t counter(const std::string& name, const MetricLabels& labels = {}) {
    return metrics_.counter(name, "", labels).value();
  }
  std::string logText() {
    std::string text;
    for (const auto& line : log_.sink->lines()) text += line + "\n";
    return text;
  }
  std::string writeKubeconfig(const std::string& cluster, const std::string& user) {
    const std::string text =
        "apiVersion: v1\nkind: Config\ncurrent-context: test\n"
        "clusters:\n- name: fake\n  cluster:\n    server: " +
        server_->url() + "\n" + cluster +
        "contexts:\n- name: test\n  context: {cluster: fake, user: smee}\n"
        "users:\n- name: smee\n  user:\n" +
        user;
    std::ofstream(dir_ / "kubeconfig") << text;
    return (dir_ / "kubeconfig").string();
  }
  ApiAccess fromKubeconfig(const std::string& path) {
    AccessRequest request;
    request.explicit_path = path;
    return loadApiAccess(request, [](const char*) -> const char* { return nullptr; });
  }

  fs::path dir_;
  backend_file::testing::CapturedLog log_;
  Metrics metrics_;
  std::unique_ptr<FakeApiServer> server_;
  std::unique_ptr<KubeBackend> backend_;
};

ConfigValues defaults(const KubeBackendPlugin& plugin) {
  ConfigValues values;
  for (const ConfigKey& key : plugin.schema()) {
    values.set(key.key, parseConfigValue(key, key.default_value), "default", false);
  }
  return values;
}

std::vector<std::string> fiveMachines() {
  std::vector<std::string> objects;
  for (int i = 1; i <= 5; ++i) {
    objects.push_back(hardwareJson("m" + std::to_string(i), "52:54:00:00:00:0" + std::to_string(i),
                                   "192.0.2." + std::to_string(10 + i)));
  }
  return objects;
}

TEST_F(KubeBackendTest, ListsEveryPageThenWatchesFromTheListsResourceVersion) {
  startServer(fiveMachines());
  ApiAccess access = tokenAccess();
  KubeBackend& backend = startBackend(access, fastOptions());
  ASSERT_TRUE(backend.waitForSync(5s)) << logText();
  EXPECT_TRUE(backend.ready());
  EXPECT_EQ(server_->stat("list_pages"), 3);  // 5 objects, limit=2
  EXPECT_EQ(server_->stat("lists"), 1);
  EXPECT_EQ(backend.cache().objectCount(), 5u);
  for (const char* m : {"52:54:00:00:00:01", "52:54:00:00:00:03", "52:54:00:00:00:05"}) {
    EXPECT_TRUE(backend.byMac(mac(m)).found()) << m;
  }
  EXPECT_EQ(backend.byIp(ip("192.0.2.14")).record->dhcp.hostname, "m4");
  ASSERT_TRUE(eventually([&] { return server_->stat("watches") >= 1; }));
  EXPECT_EQ(server_->lastRequest("last_watch", "resourceVersion"), "1005");
  EXPECT_EQ(server_->lastRequest("last_watch", "allowWatchBookmarks"), "true");
  EXPECT_EQ(server_->lastRequest("last_watch", "timeoutSeconds"), "2");
  EXPECT_EQ(metrics_.gauge("smee_backend_kube_objects", "").value(), 5);
  EXPECT_NE(logText().find("hardware cache synced"), std::string::npos) << logText();
}

TEST_F(KubeBackendTest, NotReadyAndUnavailableBeforeTheFirstList) {
  startServer(fiveMachines());
  KubeBackend backend(tokenAccess("not-yet"), fastOptions(), log_.logger, metrics_);
  EXPECT_FALSE(backend.ready());
  const LookupResult result = backend.byMac(mac("52:54:00:00:00:01"));
  EXPECT_EQ(result.status, LookupStatus::Unavailable);
  EXPECT_NE(result.detail.find("not listed yet"), std::string::npos);
}

TEST_F(KubeBackendTest, WatchEventsAddModifyAndDelete) {
  startServer(fiveMachines());
  KubeBackend& backend = startSynced(tokenAccess(), fastOptions());
  ASSERT_TRUE(eventually([&] { return server_->stat("watches") >= 1; }));

  server_->control("/apply", hardwareJson("new", "52:54:00:00:00:aa", "192.0.2.50"));
  ASSERT_TRUE(eventually([&] { return backend.byMac(mac("52:54:00:00:00:aa")).found(); }));

  server_->control("/apply", hardwareJson("new", "52:54:00:00:00:aa", "192.0.2.51"));
  ASSERT_TRUE(eventually([&] { return backend.byIp(ip("192.0.2.51")).found(); }));
  EXPECT_EQ(backend.byIp(ip("192.0.2.50")).status, LookupStatus::NotFound);

  server_->control("/delete", R"({"namespace":"default","name":"m1"})");
  ASSERT_TRUE(eventually(
      [&] { return backend.byMac(mac("52:54:00:00:00:01")).status == LookupStatus::NotFound; }));
  EXPECT_EQ(counter("smee_backend_kube_events_total", {{"type", "added"}}), 1u);
  EXPECT_EQ(counter("smee_backend_kube_events_total", {{"type", "modified"}}), 1u);
  EXPECT_EQ(counter("smee_backend_kube_events_total", {{"type", "deleted"}}), 1u);
  EXPECT_EQ(backend.cache().objectCount(), 5u);
}

// A watch line Poco::JSON refuses is a counted drop: logged with its reason,
// smee_backend_kube_errors_total{kind="decode"} goes up, nothing reaches the
// cache, and the watch goes on with the next line.
TEST_F(KubeBackendTest, MalformedWatchLinesAreCountedAndSkipped) {
  startServer(fiveMachines());
  ReflectorOptions options = fastOptions();
  // One watch for the whole test: a renewed watch would resume before the
  // bad lines (they move no resourceVersion) and count them twice.
  options.watch_timeout = 60s;
  KubeBackend& backend = startSynced(tokenAccess(), options);
  ASSERT_TRUE(eventually([&] { return server_->stat("watches") >= 1; }));
  const auto watches = server_->stat("watches");
  const std::string bad_number = hardwareJson("n", "52:54:00:00:00:bb", "192.0.2.70", "1",
                                              "default", "{}", R"("lease_time":1-2e,)");
  const std::string lone_surrogate = hardwareJson("m\\ud800", "52:54:00:00:00:bc", "192.0.2.71");
  for (const std::string& line :
       {R"({"type":"ADDED","object":)" + bad_number + "}",
        R"({"type":"ADDED","object":)" + lone_surrogate + "}",
        std::string(R"({"type":"ADDED","obj)"),
        std::string(
            R"({"type":"ADDED","object":{"metadata":{"name":"x","resourceVersion":01}}})")}) {
    Poco::JSON::Object body;
    body.set("line", line);
    std::ostringstream text;
    body.stringify(text);
    server_->control("/raw-event", text.str());
  }
  server_->control("/apply", hardwareJson("after", "52:54:00:00:00:bd", "192.0.2.72"));
  ASSERT_TRUE(eventually([&] { return backend.byMac(mac("52:54:00:00:00:bd")).found(); }))
      << logText();
  EXPECT_EQ(counter("smee_backend_kube_errors_total", {{"kind", "decode"}}), 4u);
  EXPECT_EQ(log_.sink->count("watch event ignored"), 4u);
  EXPECT_NE(logText().find("invalid JSON"), std::string::npos) << logText();
  EXPECT_FALSE(backend.byMac(mac("52:54:00:00:00:bb")).found());
  EXPECT_FALSE(backend.byMac(mac("52:54:00:00:00:bc")).found());
  EXPECT_EQ(server_->stat("watches"), watches);  // the same watch read on
  EXPECT_EQ(backend.cache().objectCount(), 6u);
}

TEST_F(KubeBackendTest, DuplicateMacFromTwoObjectsIsAmbiguousNotACrash) {
  startServer(fiveMachines());
  KubeBackend& backend = startSynced(tokenAccess(), fastOptions());
  server_->control("/apply", hardwareJson("twin", "52:54:00:00:00:01", "192.0.2.99", "1", "other"));
  ASSERT_TRUE(eventually(
      [&] { return backend.byMac(mac("52:54:00:00:00:01")).status == LookupStatus::Ambiguous; }));
  EXPECT_EQ(log_.sink->count("mac claimed by more than one Hardware object"), 1u);
}

TEST_F(KubeBackendTest, DroppedWatchResumesFromTheLastResourceVersionWithoutAList) {
  startServer(fiveMachines());
  KubeBackend& backend = startSynced(tokenAccess(), fastOptions());
  server_->control("/apply", hardwareJson("a", "52:54:00:00:01:01", "192.0.2.60"));
  ASSERT_TRUE(eventually([&] { return backend.byMac(mac("52:54:00:00:01:01")).found(); }));
  const auto watches = server_->stat("watches");
  server_->control("/drop");
  ASSERT_TRUE(eventually([&] { return server_->stat("watches") > watches; })) << logText();
  EXPECT_EQ(server_->lastRequest("last_watch", "resourceVersion"), "1006");
  server_->control("/apply", hardwareJson("b", "52:54:00:00:01:02", "192.0.2.61"));
  ASSERT_TRUE(eventually([&] { return backend.byMac(mac("52:54:00:00:01:02")).found(); }));
  EXPECT_EQ(server_->stat("lists"), 1);
  EXPECT_EQ(counter("smee_backend_kube_relists_total"), 0u);
}

TEST_F(KubeBackendTest, GoneResourceVersionListsAgain) {
  startServer(fiveMachines());
  KubeBackend& backend = startSynced(tokenAccess(), fastOptions());
  ASSERT_TRUE(eventually([&] { return server_->stat("watches") >= 1; }));
  // Changes whose events were compacted away: only a new list shows them.
  server_->control("/apply-unseen", hardwareJson("late", "52:54:00:00:02:01", "192.0.2.70"));
  server_->control("/compact");
  EXPECT_EQ(backend.byMac(mac("52:54:00:00:02:01")).status, LookupStatus::NotFound);
  server_->control("/drop");
  ASSERT_TRUE(eventually([&] { return backend.byMac(mac("52:54:00:00:02:01")).found(); }))
      << logText();
  EXPECT_GE(server_->stat("gone"), 1);
  EXPECT_EQ(server_->stat("lists"), 2);
  EXPECT_EQ(counter("smee_backend_kube_relists_total"), 1u);
  EXPECT_TRUE(backend.ready());
  EXPECT_NE(logText().find("410 Gone"), std::string::npos);
}

// Everything vanishes without events, then the resourceVersion is gone: the
// re-list answers an empty (or a much smaller) collection.
void loseEverythingAndForceARelist(FakeApiServer& server) {
  server.control("/clear-unseen");
  server.control("/compact");
  server.control("/drop");
}

TEST_F(KubeBackendTest, ARelistThatLosesTheFleetIsRefusedAndRetried) {
  startServer(fiveMachines());
  KubeBackend& backend = startSynced(tokenAccess(), fastOptions());
  ASSERT_TRUE(eventually([&] { return server_->stat("watches") >= 1; }));
  const MetricLabels min_records{{"backend", "kube"}, {"reason", "min_records"}};
  const MetricLabels max_drop{{"backend", "kube"}, {"reason", "max_drop_ratio"}};
  EXPECT_EQ(metrics_.gauge("smee_backend_records", "", {{"backend", "kube"}}).value(), 5);

  loseEverythingAndForceARelist(*server_);
  ASSERT_TRUE(eventually([&] {
    return counter("smee_backend_reload_rejected_total", min_records) >= 2;
  })) << logText();
  EXPECT_TRUE(backend.ready());
  EXPECT_TRUE(backend.byMac(mac("52:54:00:00:00:03")).found());
  EXPECT_NE(logText().find("hardware re-list refused, keeping the cached hardware and listing "
                           "again api=" +
                           server_->url() +
                           " namespace=(all) old_records=5 new_records=0 objects=0 "
                           "rule=min_records limit=1"),
            std::string::npos)
      << logText();
  EXPECT_EQ(metrics_.gauge("smee_backend_records", "", {{"backend", "kube"}}).value(), 5);

  // One object back: 4 of 5 lost, more than half.
  server_->control("/apply-unseen", hardwareJson("m1", "52:54:00:00:00:01", "192.0.2.11"));
  ASSERT_TRUE(eventually([&] {
    return counter("smee_backend_reload_rejected_total", max_drop) >= 1;
  })) << logText();
  EXPECT_TRUE(backend.byMac(mac("52:54:00:00:00:05")).found());

  // Three back: 2 of 5 lost is within the limit, and the retry takes it.
  server_->control("/apply-unseen", hardwareJson("m2", "52:54:00:00:00:02", "192.0.2.12"));
  server_->control("/apply-unseen", hardwareJson("m3", "52:54:00:00:00:03", "192.0.2.13"));
  ASSERT_TRUE(eventually([&] {
    return backend.byMac(mac("52:54:00:00:00:05")).status == LookupStatus::NotFound;
  })) << logText();
  EXPECT_TRUE(backend.byMac(mac("52:54:00:00:00:03")).found());
  EXPECT_EQ(metrics_.gauge("smee_backend_records", "", {{"backend", "kube"}}).value(), 3);
  EXPECT_NE(logText().find("hardware cache re-listed"), std::string::npos) << logText();
}

TEST_F(KubeBackendTest, AllowShrinkTakesAnEmptyRelist) {
  startServer(fiveMachines());
  ReflectorOptions options = fastOptions();
  options.guard.allow_shrink = true;
  KubeBackend& backend = startSynced(tokenAccess(), options);
  ASSERT_TRUE(eventually([&] { return server_->stat("watches") >= 1; }));
  loseEverythingAndForceARelist(*server_);
  ASSERT_TRUE(eventually([&] {
    return backend.byMac(mac("52:54:00:00:00:01")).status == LookupStatus::NotFound;
  })) << logText();
  EXPECT_NE(logText().find("accepted as allow_shrink says"), std::string::npos) << logText();
  EXPECT_EQ(counter("smee_backend_reload_rejected_total",
                    {{"backend", "kube"}, {"reason", "min_records"}}),
            0u);
}

TEST_F(KubeBackendTest, ExpiredContinueTokenStartsTheListOver) {
  startServer(fiveMachines());
  server_->control("/expire-next-continue");
  KubeBackend& backend = startSynced(tokenAccess(), fastOptions());
  EXPECT_EQ(backend.cache().objectCount(), 5u);
  EXPECT_EQ(server_->stat("gone"), 1);
  EXPECT_EQ(server_->stat("lists"), 2);
  EXPECT_EQ(server_->stat("list_pages"), 5);  // page 1, the 410, then pages 1-3 again
  EXPECT_NE(logText().find("list continue token expired"), std::string::npos) << logText();
}

TEST_F(KubeBackendTest, BookmarksAreCountedAndMoveTheResourceVersion) {
  startServer(fiveMachines());
  startSynced(tokenAccess(), fastOptions());
  ASSERT_TRUE(eventually([&] { return server_->stat("watches") >= 1; }));
  server_->control("/bookmark");
  ASSERT_TRUE(eventually([&] {
    return counter("smee_backend_kube_events_total", {{"type", "bookmark"}}) == 1;
  }));
}

TEST_F(KubeBackendTest, WatchEndsAtTheServerTimeoutAndIsRenewed) {
  startServer(fiveMachines());
  ReflectorOptions options = fastOptions();
  options.watch_timeout = 1s;
  startSynced(tokenAccess(), options);
  ASSERT_TRUE(eventually([&] { return server_->stat("watches") >= 2; }, 4s));
  EXPECT_EQ(server_->stat("lists"), 1);
  EXPECT_EQ(counter("smee_backend_kube_errors_total", {{"kind", "watch"}}), 0u);
}

TEST_F(KubeBackendTest, ExpiredTokenLogsAClearErrorAndRecoversWhenValid) {
  startServer(fiveMachines());
  KubeBackend& backend = startBackend(tokenAccess("expired"), fastOptions());
  ASSERT_TRUE(eventually([&] { return server_->stat("unauthorised") >= 2; }));
  EXPECT_FALSE(backend.ready());
  const std::string log = logText();
  EXPECT_NE(
      log.find("unauthorised: token expired or lacks get/list/watch on hardware.tinkerbell.org"),
      std::string::npos)
      << log;
  EXPECT_NE(log.find(server_->url()), std::string::npos) << log;
  EXPECT_NE(log.find("status=401"), std::string::npos) << log;
  EXPECT_GE(counter("smee_backend_kube_errors_total", {{"kind", "auth"}}), 2u);
  server_->control("/tokens", R"({"valid":["expired"]})");
  EXPECT_TRUE(backend.waitForSync(5s)) << logText();
}

TEST_F(KubeBackendTest, ForbiddenTokenNamesTheMissingPermission) {
  startServer(fiveMachines());
  server_->control("/tokens", R"({"valid":["good"],"forbidden":["no-rbac"]})");
  KubeBackend& backend = startBackend(tokenAccess("no-rbac"), fastOptions());
  ASSERT_TRUE(eventually([&] { return server_->stat("forbidden") >= 1; }));
  ASSERT_TRUE(eventually([&] { return log_.sink->count("status=403") >= 1; })) << logText();
  EXPECT_NE(logText().find("cannot list resource"), std::string::npos) << logText();
  EXPECT_FALSE(backend.ready());
}

TEST_F(KubeBackendTest, TokenFileIsReadAgainAfterRotation) {
  startServer(fiveMachines());
  std::ofstream(dir_ / "token") << "stale\n";
  const std::string config = writeKubeconfig(
      "    certificate-authority: " + (testCertificates() / "ca.crt").string() + "\n",
      "    tokenFile: token\n");
  KubeBackend& backend = startBackend(fromKubeconfig(config), fastOptions());
  ASSERT_TRUE(eventually([&] { return server_->stat("unauthorised") >= 1; }));
  std::ofstream(dir_ / "token") << "good\n";
  EXPECT_TRUE(backend.waitForSync(5s)) << logText();
}

TEST_F(KubeBackendTest, KubeconfigWithCaDataAndToken) {
  startServer(fiveMachines());
  const std::string ca = readFile(testCertificates() / "ca.crt");
  std::string encoded;
  {
    static const char* kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::size_t i = 0;
    for (; i + 2 < ca.size(); i += 3) {
      const unsigned v = (static_cast<unsigned char>(ca[i]) << 16) |
                         (static_cast<unsigned char>(ca[i + 1]) << 8) |
                         static_cast<unsigned char>(ca[i + 2]);
      for (int s = 18; s >= 0; s -= 6) encoded += kAlphabet[(v >> s) & 63];
    }
    if (i < ca.size()) {
      unsigned v = static_cast<unsigned char>(ca[i]) << 16;
      if (i + 1 < ca.size()) v |= static_cast<unsigned char>(ca[i + 1]) << 8;
      encoded += kAlphabet[(v >> 18) & 63];
      encoded += kAlphabet[(v >> 12) & 63];
      encoded += i + 1 < ca.size() ? kAlphabet[(v >> 6) & 63] : '=';
      encoded += '=';
    }
  }
  const std::string config =
      writeKubeconfig("    certificate-authority-data: " + encoded + "\n", "    token: good\n");
  startSynced(fromKubeconfig(config), fastOptions());
}

TEST_F(KubeBackendTest, KubeconfigWithClientCertificate) {
  startServer(fiveMachines());
  const fs::path& certs = testCertificates();
  const std::string config =
      writeKubeconfig("    certificate-authority: " + (certs / "ca.crt").string() + "\n",
                      "    client-certificate: " + (certs / "client.crt").string() +
                          "\n    client-key: " + (certs / "client.key").string() + "\n");
  KubeBackend& backend = startSynced(fromKubeconfig(config), fastOptions());
  EXPECT_EQ(backend.cache().objectCount(), 5u);
  EXPECT_EQ(server_->stat("unauthorised"), 0);
}

TEST_F(KubeBackendTest, KubeconfigInsecureSkipTlsVerify) {
  startServer(fiveMachines());
  const std::string config =
      writeKubeconfig("    insecure-skip-tls-verify: true\n", "    token: good\n");
  startSynced(fromKubeconfig(config), fastOptions());
}

TEST_F(KubeBackendTest, AServerCertificateFromAnotherCaIsRefused) {
  startServer(fiveMachines());
  ApiAccess access = tokenAccess();
  access.ca_pem = readFile(testCertificates() / "other-ca.crt");
  KubeBackend& backend = startBackend(access, fastOptions());
  ASSERT_TRUE(eventually([&] { return log_.sink->count("kubernetes API unreachable") >= 1; }))
      << logText();
  EXPECT_FALSE(backend.ready());
  EXPECT_EQ(server_->stat("list_pages"), 0);
}

TEST_F(KubeBackendTest, InClusterServiceAccount) {
  startServer(fiveMachines());
  fs::create_directories(dir_ / "sa");
  std::ofstream(dir_ / "sa" / "token") << "good";
  fs::copy_file(testCertificates() / "ca.crt", dir_ / "sa" / "ca.crt");
  const std::string port = std::to_string(server_->apiPort());
  AccessRequest request;
  request.home = dir_ / "nohome";
  request.service_account_dir = dir_ / "sa";
  const ApiAccess access = loadApiAccess(request, [&](const char* name) -> const char* {
    if (std::string(name) == "KUBERNETES_SERVICE_HOST") return "127.0.0.1";
    if (std::string(name) == "KUBERNETES_SERVICE_PORT") return port.c_str();
    return nullptr;
  });
  startSynced(access, fastOptions());
}

TEST_F(KubeBackendTest, NamespaceRestrictionWatchesOnlyThatNamespace) {
  startServer({hardwareJson("a", "52:54:00:00:03:01", "192.0.2.80", "1", "ns-a"),
               hardwareJson("b", "52:54:00:00:03:02", "192.0.2.81", "1", "ns-b")});
  ReflectorOptions options = fastOptions();
  options.namespace_ = "ns-a";
  KubeBackend& backend = startSynced(tokenAccess(), options);
  EXPECT_TRUE(backend.byMac(mac("52:54:00:00:03:01")).found());
  EXPECT_EQ(backend.byMac(mac("52:54:00:00:03:02")).status, LookupStatus::NotFound);
  EXPECT_EQ(server_->lastRequest("last_list", "namespace"), "ns-a");
  server_->control("/apply", hardwareJson("c", "52:54:00:00:03:03", "192.0.2.82", "1", "ns-b"));
  server_->control("/apply", hardwareJson("d", "52:54:00:00:03:04", "192.0.2.83", "1", "ns-a"));
  ASSERT_TRUE(eventually([&] { return backend.byMac(mac("52:54:00:00:03:04")).found(); }));
  EXPECT_EQ(backend.byMac(mac("52:54:00:00:03:03")).status, LookupStatus::NotFound);
  EXPECT_EQ(server_->lastRequest("last_watch", "namespace"), "ns-a");
}

TEST_F(KubeBackendTest, StopInterruptsALongWatchPromptly) {
  startServer(fiveMachines());
  ReflectorOptions options = fastOptions();
  options.watch_timeout = 300s;
  startSynced(tokenAccess(), options);
  ASSERT_TRUE(eventually([&] { return server_->stat("watches") >= 1; }));
  const auto start = std::chrono::steady_clock::now();
  backend_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST_F(KubeBackendTest, UnreachableServerBacksOffAndRetries) {
  ApiAccess access;
  access.server = "https://127.0.0.1:1";  // nothing listens on port 1
  access.origin = "test";
  KubeBackend& backend = startBackend(access, fastOptions());
  ASSERT_TRUE(eventually([&] { return log_.sink->count("kubernetes API unreachable") >= 3; }))
      << logText();
  EXPECT_FALSE(backend.ready());
}

TEST_F(KubeBackendTest, PluginConfiguresFromAKubeconfigAndProvidesTheBackend) {
  startServer(fiveMachines());
  const std::string config = writeKubeconfig(
      "    certificate-authority: " + (testCertificates() / "ca.crt").string() + "\n",
      "    token: good\n");
  backend_file::testing::FakeContext context(dir_);
  KubeBackendPlugin plugin;
  ConfigValues values = defaults(plugin);
  values.set("config", std::string("kubeconfig"), "test", true);
  values.set("namespace", std::string("default"), "test", true);
  plugin.configure(values, context);
  ASSERT_EQ(context.services().count("smee.backend/v1:kube"), 1u);
  auto reader = std::static_pointer_cast<BackendReader>(context.services()["smee.backend/v1:kube"]);
  EXPECT_FALSE(plugin.ready());
  plugin.start(context);
  ASSERT_TRUE(eventually([&] { return plugin.ready(); })) << logText();
  EXPECT_TRUE(reader->byMac(mac("52:54:00:00:00:02")).found());
  plugin.stop();
}

TEST_F(KubeBackendTest, PluginHasTheReloadGuardKeysAndChecksTheRatio) {
  KubeBackendPlugin plugin;
  std::map<std::string, std::string> defaults_by_key;
  for (const ConfigKey& key : plugin.schema()) defaults_by_key[key.key] = key.default_value;
  EXPECT_EQ(defaults_by_key["min_records"], "1");
  EXPECT_EQ(defaults_by_key["max_drop_ratio"], "0.5");
  EXPECT_EQ(defaults_by_key["allow_shrink"], "false");
  backend_file::testing::FakeContext context(dir_);
  ConfigValues values = defaults(plugin);
  values.set("max_drop_ratio", std::string("most"), "test", true);
  try {
    plugin.configure(values, context);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "max_drop_ratio");
  }
}

TEST_F(KubeBackendTest, PluginRejectsABrokenKubeconfigWithItsReason) {
  std::ofstream(dir_ / "broken") << "current-context: [\n";
  backend_file::testing::FakeContext context(dir_);
  KubeBackendPlugin plugin;
  ConfigValues values = defaults(plugin);
  values.set("config", std::string("broken"), "test", true);
  try {
    plugin.configure(values, context);
    FAIL() << "expected a ConfigError";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("invalid YAML"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace smee::backend_kube
