// HttpBackend against fake_hardware_api.py on 127.0.0.1: what a lookup
// answers before and after the background fetch, and what each way of
// misbehaving costs (a counted result, one log line, never a crash).
#include "http_backend.h"

#include <Poco/Net/SSLManager.h>
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "fake_api_server.h"
#include "fake_hardware_api.h"
#include "test_support.h"

namespace smee::backend_http {
namespace {

using namespace std::chrono_literals;
using backend_file::testing::CapturedLog;
using backend_file::testing::eventually;
using backend_file::testing::TempDir;
using backend_file::testing::writeFile;
using testing::FakeHardwareApi;
using testing::hardwareObject;

const MacAddress kMac = *MacAddress::parse("52:54:00:12:34:56");
const Ipv4Address kIp = *Ipv4Address::parse("192.0.2.20");
const MacAddress kUnknown = *MacAddress::parse("52:54:00:00:00:99");

class HttpBackendTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { Poco::Net::initializeSSL(); }
  static void TearDownTestSuite() { Poco::Net::uninitializeSSL(); }

  void SetUp() override {
    writeFile(dir_ / "hardware.json",
              "[" + hardwareObject("machine1", {{kMac.toString(), kIp.toString()}}) + "," +
                  hardwareObject("machine2", {{"52:54:00:12:34:57", "192.0.2.21"}}) + "]");
    options_.client.timeout = 1s;
    options_.client.connect_timeout = 500ms;
    options_.workers = 2;
  }
  void TearDown() override {
    if (backend_) backend_->stop();
  }

  void startApi(std::vector<std::string> args = {}, const std::string& certificate = "") {
    args.insert(args.end(), {"--hardware", (dir_ / "hardware.json").string()});
    api_ = std::make_unique<FakeHardwareApi>(args, certificate);
    if (options_.client.url.empty()) options_.client.url = api_->url();
  }
  void startBackend() {
    backend_ = std::make_unique<HttpBackend>(options_, log_.logger, metrics_);
    backend_->start();
  }
  // Looks `mac` up until the answer is no longer Unavailable (the fetch is
  // in), as a firmware retrying would; at most 5 s.
  LookupResult settled(const MacAddress& mac) {
    LookupResult result;
    eventually([&] {
      result = backend_->byMac(mac);
      return result.status != LookupStatus::Unavailable;
    });
    return result;
  }
  std::uint64_t requests(const std::string& result) {
    return metrics_.counter("smee_backend_http_requests_total", "", {{"result", result}}).value();
  }
  std::string query(const MacAddress& mac) { return "mac=" + mac.toString(); }

  TempDir dir_;
  CapturedLog log_;
  Metrics metrics_;
  HttpBackendOptions options_;
  std::unique_ptr<FakeHardwareApi> api_;
  std::unique_ptr<HttpBackend> backend_;
};

TEST_F(HttpBackendTest, AMacIsUnavailableFirstThenFoundFromTheCache) {
  startApi();
  startBackend();
  const LookupResult first = backend_->byMac(kMac);
  EXPECT_EQ(first.status, LookupStatus::Unavailable);
  EXPECT_EQ(first.detail,
            "asked the hardware API at " + api_->url() + " for " + query(kMac) + "; retry");
  const LookupResult found = settled(kMac);
  ASSERT_TRUE(found.found()) << found.detail;
  EXPECT_EQ(found.record->dhcp.ip, kIp);
  EXPECT_EQ(found.record->dhcp.hostname, "machine1");
  EXPECT_TRUE(found.record->netboot.allow_pxe);
  // The iPXE request by address that follows DHCP needs no second request.
  const LookupResult by_ip = backend_->byIp(kIp);
  ASSERT_TRUE(by_ip.found()) << by_ip.detail;
  EXPECT_EQ(by_ip.record->dhcp.mac, kMac);
  EXPECT_EQ(api_->requests(), 1);
  EXPECT_EQ(requests("found"), 1u);
  EXPECT_EQ(metrics_.gauge("smee_backend_records", "", {{"backend", "http"}}).value(), 2)
      << "the MAC and the IP entry";
  EXPECT_GE(
      metrics_.counter("smee_backend_http_cache_hits_total", "", {{"freshness", "fresh"}}).value(),
      2u);
}

TEST_F(HttpBackendTest, AnIpIsAskedByIp) {
  startApi();
  startBackend();
  const Ipv4Address ip = *Ipv4Address::parse("192.0.2.21");
  EXPECT_EQ(backend_->byIp(ip).status, LookupStatus::Unavailable);
  LookupResult found;
  ASSERT_TRUE(eventually([&] { return (found = backend_->byIp(ip)).found(); }));
  EXPECT_EQ(found.record->dhcp.mac.toString(), "52:54:00:12:34:57");
  EXPECT_EQ(api_->requests("ip=192.0.2.21"), 1);
}

TEST_F(HttpBackendTest, ConcurrentMissesForOneKeyCostOneRequest) {
  api_ = nullptr;
  startApi();
  api_->mode("slow", 0.3);
  startBackend();
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 20; ++j) backend_->byMac(kMac);
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_TRUE(settled(kMac).found());
  EXPECT_EQ(api_->requests(query(kMac)), 1);
}

TEST_F(HttpBackendTest, A404IsCachedForNegativeTtl) {
  options_.cache.negative_ttl = 400ms;
  startApi();
  startBackend();
  const LookupResult result = settled(kUnknown);
  EXPECT_EQ(result.status, LookupStatus::NotFound);
  EXPECT_EQ(result.detail, "the hardware API at " + api_->url() + " has no " + query(kUnknown));
  for (int i = 0; i < 20; ++i) EXPECT_EQ(backend_->byMac(kUnknown).status, LookupStatus::NotFound);
  EXPECT_EQ(api_->requests(query(kUnknown)), 1) << "not asked again within negative_ttl";
  EXPECT_EQ(requests("not_found"), 1u);
  std::this_thread::sleep_for(450ms);
  EXPECT_EQ(backend_->byMac(kUnknown).status, LookupStatus::Unavailable);
  EXPECT_EQ(settled(kUnknown).status, LookupStatus::NotFound);
  EXPECT_EQ(api_->requests(query(kUnknown)), 2) << "asked again once it expired";
}

TEST_F(HttpBackendTest, ASlowAnswerTimesOut) {
  options_.client.timeout = 300ms;
  options_.client.connect_timeout = 300ms;
  startApi();
  api_->mode("slow", 3);
  startBackend();
  const auto begin = std::chrono::steady_clock::now();
  backend_->fetchNow(LookupKey::of(kMac));
  EXPECT_LT(std::chrono::steady_clock::now() - begin, 1500ms);
  EXPECT_EQ(requests("timeout"), 1u);
  EXPECT_EQ(backend_->byMac(kMac).status, LookupStatus::Unavailable) << "nothing cached";
  EXPECT_EQ(log_.sink->count("hardware API request failed result=timeout"), 1u);
  EXPECT_EQ(log_.sink->count("reason=\"no complete answer within 300ms\""), 1u)
      << log_.sink->lines().back();
}

TEST_F(HttpBackendTest, ABodyDribbledOutTimesOutAtTheDeadline) {
  options_.client.timeout = 500ms;
  options_.client.connect_timeout = 500ms;
  startApi();
  api_->mode("slowbody", 0.05);  // each byte in time, the whole body far too late
  startBackend();
  const auto begin = std::chrono::steady_clock::now();
  backend_->fetchNow(LookupKey::of(kMac));
  const auto took = std::chrono::steady_clock::now() - begin;
  EXPECT_GE(took, 450ms);
  EXPECT_LT(took, 1200ms);
  EXPECT_EQ(requests("timeout"), 1u);
}

TEST_F(HttpBackendTest, HeadersDribbledOutAreCutOffNearTheDeadline) {
  options_.client.timeout = 500ms;
  options_.client.connect_timeout = 500ms;
  startApi();
  api_->mode("slowheaders", 0.05);  // each read in time, the headers never complete
  startBackend();
  const auto begin = std::chrono::steady_clock::now();
  backend_->fetchNow(LookupKey::of(kMac));
  const auto took = std::chrono::steady_clock::now() - begin;
  EXPECT_GE(took, 450ms);
  EXPECT_LT(took, 1200ms);
  EXPECT_EQ(requests("timeout"), 1u);
  EXPECT_EQ(log_.sink->count("reason=\"no complete answer within 500ms\""), 1u);
}

TEST_F(HttpBackendTest, ServerErrorsAreCountedAndNothingIsCached) {
  startApi();
  api_->mode("error500");
  startBackend();
  backend_->fetchNow(LookupKey::of(kMac));
  backend_->fetchNow(LookupKey::of(kMac));
  EXPECT_EQ(requests("server_error"), 2u);
  EXPECT_EQ(log_.sink->count("hardware API request failed result=server_error"), 1u)
      << "rate-limited: one line for both";
  EXPECT_EQ(log_.sink->count("HTTP 500"), 1u);
  api_->mode("normal");
  EXPECT_TRUE(settled(kMac).found());
}

TEST_F(HttpBackendTest, BrokenBodiesAnswerMalformedWithTheReason) {
  startApi();
  startBackend();
  struct Case {
    const char* mode;
    const char* result;
    const char* detail;
  };
  const Case cases[] = {
      {"badjson", "bad_body", "invalid JSON"},
      {"wrongtypes", "bad_body", "metadata.name: expected a string, found a number"},
      {"huge", "too_large", "larger than 1048576 bytes"},
      {"hugechunked", "too_large", "larger than 1048576 bytes"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.mode);
    api_->mode(c.mode);
    // A fresh backend each time: the first case's Malformed answer is cached.
    backend_ = std::make_unique<HttpBackend>(options_, log_.logger, metrics_);
    backend_->fetchNow(LookupKey::of(kMac));
    const LookupResult result = backend_->byMac(kMac);
    EXPECT_EQ(result.status, LookupStatus::Malformed);
    EXPECT_NE(result.detail.find(c.detail), std::string::npos) << result.detail;
    EXPECT_NE(result.detail.find("the hardware API's answer cannot be used"), std::string::npos);
    EXPECT_GE(requests(c.result), 1u);
  }
  EXPECT_EQ(requests("bad_body"), 2u);
  EXPECT_EQ(requests("too_large"), 2u);
}

TEST_F(HttpBackendTest, UnusableAnswersShareOneLogLinePerInterval) {
  startApi();
  api_->mode("badjson");
  startBackend();
  backend_->fetchNow(LookupKey::of(kMac));
  backend_->fetchNow(LookupKey::of(kIp));
  backend_->fetchNow(LookupKey::of(*MacAddress::parse("52:54:00:12:34:57")));
  EXPECT_EQ(requests("bad_body"), 3u);
  EXPECT_EQ(log_.sink->count("hardware API answer unusable result=bad_body"), 1u);
}

TEST_F(HttpBackendTest, ABrokenRefreshKeepsTheMachineItHad) {
  options_.cache.ttl = 100ms;
  startApi();
  startBackend();
  ASSERT_TRUE(settled(kMac).found());
  api_->mode("badjson");
  std::this_thread::sleep_for(150ms);
  EXPECT_TRUE(backend_->byMac(kMac).found()) << "stale, refresh queued";
  ASSERT_TRUE(eventually([&] { return requests("bad_body") == 1; }));
  EXPECT_TRUE(backend_->byMac(kMac).found()) << "a garbled answer does not delete a machine";
}

TEST_F(HttpBackendTest, RedirectsAreNotFollowed) {
  startApi();
  api_->mode("redirect");
  startBackend();
  backend_->fetchNow(LookupKey::of(kMac));
  EXPECT_EQ(requests("redirect"), 1u);
  EXPECT_EQ(api_->requests(), 1);
  EXPECT_EQ(log_.sink->count("redirects are not followed"), 1u);
  EXPECT_EQ(backend_->byMac(kMac).status, LookupStatus::Unavailable);
}

TEST_F(HttpBackendTest, AConnectionRefusedIsAConnectionError) {
  options_.client.url = "http://127.0.0.1:1";
  startBackend();
  backend_->fetchNow(LookupKey::of(kMac));
  EXPECT_EQ(requests("connection_error"), 1u);
}

TEST_F(HttpBackendTest, TheBreakerOpensOnceStaleAnswersContinueAndItClosesOnce) {
  options_.cache.ttl = 100ms;
  options_.cache.max_stale = 60s;
  options_.breaker_failures = 3;
  options_.breaker_cooldown = 600ms;
  startApi();
  startBackend();
  ASSERT_TRUE(settled(kMac).found());

  api_->mode("down");
  std::this_thread::sleep_for(150ms);
  for (int i = 0; i < 4; ++i) {  // failures, one at a time, for other machines
    backend_->fetchNow(LookupKey::of(*MacAddress::parse("52:54:00:00:01:0" + std::to_string(i))));
  }
  EXPECT_EQ(log_.sink->count("hardware API failing"), 1u);
  EXPECT_EQ(metrics_.gauge("smee_backend_http_breaker_open", "").value(), 1);
  const std::int64_t sent = api_->requests();
  EXPECT_EQ(sent, 4) << "the first fetch and three failures; the fourth fetch was held back";
  for (int i = 0; i < 50; ++i) {
    const LookupResult stale = backend_->byMac(kMac);
    ASSERT_TRUE(stale.found()) << "a known machine is still answered";
    const LookupResult unknown = backend_->byMac(kUnknown);
    EXPECT_EQ(unknown.status, LookupStatus::Unavailable);
    EXPECT_NE(unknown.detail.find("circuit breaker open"), std::string::npos) << unknown.detail;
  }
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(api_->requests(), sent) << "no request during the cool-down";

  api_->mode("normal");
  std::this_thread::sleep_for(600ms);
  EXPECT_TRUE(backend_->byMac(kMac).found());  // the stale answer queues the probe
  ASSERT_TRUE(eventually([&] { return log_.sink->count("hardware API answering again") == 1; }));
  EXPECT_EQ(log_.sink->count("hardware API failing"), 1u);
  EXPECT_EQ(metrics_.gauge("smee_backend_http_breaker_open", "").value(), 0);
  EXPECT_EQ(metrics_.counter("smee_backend_http_breaker_opened_total", "").value(), 1u);
  EXPECT_EQ(settled(kUnknown).status, LookupStatus::NotFound);
  EXPECT_EQ(log_.sink->count("hardware API request failed"), 1u)
      << "the failures before the opening share one rate-limited line";
}

TEST_F(HttpBackendTest, TheBreakerReopensWhenTheProbeFails) {
  options_.breaker_failures = 2;
  options_.breaker_cooldown = 300ms;
  startApi();
  api_->mode("error500");
  startBackend();
  backend_->fetchNow(LookupKey::of(kMac));
  backend_->fetchNow(LookupKey::of(kMac));
  ASSERT_EQ(log_.sink->count("hardware API failing"), 1u);
  std::this_thread::sleep_for(350ms);
  backend_->fetchNow(LookupKey::of(kMac));  // the probe, failing
  EXPECT_EQ(api_->requests(), 3);
  backend_->fetchNow(LookupKey::of(kMac));  // open again: not sent
  EXPECT_EQ(api_->requests(), 3);
  EXPECT_EQ(log_.sink->count("hardware API failing"), 1u) << "no line per probe";
  EXPECT_EQ(log_.sink->count("hardware API answering again"), 0u);
}

TEST_F(HttpBackendTest, TheBearerTokenIsSentAndReadAgainWhenItChanges) {
  writeFile(dir_ / "token", "first-token\n");
  options_.client.token_file = (dir_ / "token").string();
  startApi({"--token", "first-token"});
  startBackend();
  ASSERT_TRUE(settled(kMac).found());
  EXPECT_EQ(api_->unauthorised(), 0);

  api_->control("/token", R"({"token": "second-token-longer"})");
  backend_->fetchNow(LookupKey::of(kUnknown));
  EXPECT_EQ(requests("unauthorized"), 1u);
  EXPECT_EQ(log_.sink->count("HTTP 401"), 1u);

  backend_file::testing::replaceAtomically(dir_ / "token", "second-token-longer\n");
  EXPECT_EQ(settled(kUnknown).status, LookupStatus::NotFound);
  EXPECT_EQ(api_->unauthorised(), 1);
}

TEST_F(HttpBackendTest, HttpsWithAPrivateCa) {
  options_.client.ca_file = (backend_kube::testing::testCertificates() / "ca.crt").string();
  startApi({"--token", "t"}, "server");
  writeFile(dir_ / "token", "t");
  options_.client.token_file = (dir_ / "token").string();
  ASSERT_EQ(options_.client.url.substr(0, 8), "https://");
  startBackend();
  const LookupResult found = settled(kMac);
  ASSERT_TRUE(found.found()) << found.detail << "\n" << log_.sink->lines().back();
  EXPECT_EQ(requests("found"), 1u);
}

TEST_F(HttpBackendTest, HttpsRefusesACertificateForAnotherName) {
  options_.client.ca_file = (backend_kube::testing::testCertificates() / "ca.crt").string();
  startApi({"--token", "t"}, "other-name");
  writeFile(dir_ / "token", "t");
  options_.client.token_file = (dir_ / "token").string();
  startBackend();
  backend_->fetchNow(LookupKey::of(kMac));
  EXPECT_EQ(requests("tls_error"), 1u);
  EXPECT_EQ(api_->requests(), 0) << "no request, so no token, reached the server";
  EXPECT_EQ(log_.sink->count("TLS: the certificate is not valid for host 127.0.0.1: its names "
                             "are DNS:other.example"),
            1u)
      << (log_.sink->lines().empty() ? "" : log_.sink->lines().back());
}

TEST_F(HttpBackendTest, HttpsRefusesACaItWasNotGiven) {
  startApi({}, "server");  // signed by the test CA; the system store does not know it
  startBackend();
  backend_->fetchNow(LookupKey::of(kMac));
  EXPECT_EQ(requests("tls_error"), 1u);
  EXPECT_EQ(api_->requests(), 0);
}

TEST_F(HttpBackendTest, StopEndsARequestInFlight) {
  options_.client.timeout = 10s;
  options_.client.connect_timeout = 1s;
  startApi();
  api_->mode("slow", 8);
  startBackend();
  backend_->byMac(kMac);
  ASSERT_TRUE(eventually([&] { return api_->requests() == 1; }));
  const auto begin = std::chrono::steady_clock::now();
  backend_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - begin, 2s);
}

}  // namespace
}  // namespace smee::backend_http
