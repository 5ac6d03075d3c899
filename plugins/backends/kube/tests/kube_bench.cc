// The kube backend at fleet size, for bench/bench_kube.sh (not a test):
// the fake API server generates N Hardware objects; this measures the first
// list (sync time, RSS, peak RSS, the store's own bytes), lookups from the
// cache, and watch event apply rate,
// both end to end through the server and in process (decode + apply).
#include <Poco/Net/SSLManager.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "fake_api_server.h"
#include "kube_backend.h"
#include "test_support.h"

using namespace smee;
using namespace smee::backend_kube;
using Clock = std::chrono::steady_clock;

namespace {

// A field of /proc/self/status in KiB: VmRSS (now) or VmHWM (the peak).
long statusKb(const char* field = "VmRSS:") {
  std::ifstream status("/proc/self/status");
  std::string line;
  const std::size_t length = std::strlen(field);
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(length));
  }
  return -1;
}
long rssKb() { return statusKb(); }

MacAddress macOf(int i) {
  char text[32];
  std::snprintf(text, sizeof text, "02:00:%02x:%02x:%02x:%02x", (i >> 24) & 255, (i >> 16) & 255,
                (i >> 8) & 255, i & 255);
  return *MacAddress::parse(text);
}

std::string modifiedObject(int i, int round) {
  const MacAddress mac = macOf(i);
  char name[32], ip[32];
  std::snprintf(name, sizeof name, "machine-%06d", i);
  std::snprintf(ip, sizeof ip, "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
  return std::string(
             R"({"apiVersion":"tinkerbell.org/v1alpha1","kind":"Hardware","metadata":{"name":")") +
         name + R"(","namespace":"tink-system","labels":{"round":")" + std::to_string(round) +
         R"("}},"spec":{"metadata":{"facility":{"facility_code":"onprem"}},"interfaces":[{"dhcp":{"mac":")" +
         mac.toString() + R"(","hostname":")" + name + R"(","arch":"x86_64","lease_time":86400,)" +
         R"("name_servers":["1.1.1.1","8.8.8.8"],"ip":{"address":")" + ip +
         R"(","netmask":"255.0.0.0","gateway":"10.0.0.1"}},"netboot":{"allowPXE":true}}]},"status":{}})";
}

double percentile(std::vector<double>& values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

void result(const char* metric, double value, const char* unit) {
  std::printf("RESULT %-28s %12.3f %s\n", metric, value, unit);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const int objects = argc > 1 ? std::stoi(argv[1]) : 100000;
  const int lookups = argc > 2 ? std::stoi(argv[2]) : 1000000;
  const int events = argc > 3 ? std::stoi(argv[3]) : 20000;
  Poco::Net::initializeSSL();

  testing::FakeApiServer server({"--token", "bench", "--generate", std::to_string(objects)});
  smee::backend_file::testing::CapturedLog log;
  Metrics metrics;
  ApiAccess access;
  access.server = server.url();
  access.ca_pem = testing::readFile(testing::testCertificates() / "ca.crt");
  access.token = "bench";
  access.origin = "bench";
  ReflectorOptions options;
  options.page_size = 500;

  const long rss_before = rssKb();
  const auto start = Clock::now();
  auto backend = std::make_unique<KubeBackend>(access, options, log.logger, metrics);
  backend->start();
  if (!backend->waitForSync(std::chrono::minutes(10))) {
    for (const auto& line : log.sink->lines()) std::fprintf(stderr, "%s\n", line.c_str());
    return 1;
  }
  const double sync_s = std::chrono::duration<double>(Clock::now() - start).count();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const long rss_after = rssKb();
  result("objects", static_cast<double>(backend->cache().objectCount()), "objects");
  result("initial_sync", sync_s, "s");
  result("initial_sync_rate", objects / sync_s, "objects/s");
  result("rss_before", rss_before / 1024.0, "MiB");
  result("rss_after_sync", rss_after / 1024.0, "MiB");
  result("rss_per_object", (rss_after - rss_before) * 1024.0 / objects, "bytes");
  // The peak so far is the list's: pages are converted one at a time.
  result("rss_peak_during_sync", statusKb("VmHWM:") / 1024.0, "MiB");
  result("profiles", static_cast<double>(backend->cache().profileCount()), "profiles");
  result("store_bytes", static_cast<double>(backend->cache().bytes()) / (1024.0 * 1024.0), "MiB");

  // Lookups: random present MACs, one thread, each call timed.
  std::mt19937 random(42);
  std::uniform_int_distribution<int> pick(0, objects - 1);
  std::vector<double> ns;
  ns.reserve(static_cast<std::size_t>(lookups));
  int found = 0;
  for (int i = 0; i < lookups; ++i) {
    const MacAddress mac = macOf(pick(random));
    const auto t0 = Clock::now();
    const LookupResult r = backend->byMac(mac);
    ns.push_back(std::chrono::duration<double, std::nano>(Clock::now() - t0).count());
    found += r.found() ? 1 : 0;
  }
  if (found != lookups) std::fprintf(stderr, "only %d of %d lookups found\n", found, lookups);
  result("lookup_by_mac_p50", percentile(ns, 0.50), "ns");
  result("lookup_by_mac_p99", percentile(ns, 0.99), "ns");
  // Two threads at once (the DHCP and HTTP workers share the cache).
  {
    const auto t0 = Clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < lookups / 2; ++i) backend->byMac(macOf((i * 7919 + t) % objects));
      });
    }
    for (auto& thread : threads) thread.join();
    result("lookups_2_threads", lookups / std::chrono::duration<double>(Clock::now() - t0).count(),
           "lookups/s");
  }

  // Watch events end to end: MODIFIED events through the fake server.
  {
    std::string batch = "[";
    for (int i = 0; i < events; ++i) {
      batch += (i ? "," : "") + modifiedObject(i % objects, 1);
    }
    batch += "]";
    Counter& modified =
        metrics.counter("smee_backend_kube_events_total", "", {{"type", "modified"}});
    const auto t0 = Clock::now();
    server.control("/apply", batch);
    while (modified.value() < static_cast<std::uint64_t>(events)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    result("watch_apply_end_to_end",
           events / std::chrono::duration<double>(Clock::now() - t0).count(), "events/s");
  }
  backend->stop();

  // In process: the same event lines decoded and applied to a cache of N
  // objects, without the network and the server in the way.
  {
    HardwareCache cache("bench", log.logger);
    std::unique_ptr<HardwareStore> store = cache.newStore();
    for (int i = 0; i < objects; ++i) {
      std::string error;
      cache.stage(*store, *decodeHardware(modifiedObject(i, 0), error));
    }
    cache.replaceAll(std::move(store));
    std::vector<std::string> lines;
    for (int i = 0; i < events; ++i) {
      lines.push_back(R"({"type":"MODIFIED","object":)" + modifiedObject(i % objects, 2) + "}");
    }
    const auto t0 = Clock::now();
    for (const std::string& line : lines) {
      std::string error;
      auto event = decodeWatchEvent(line, error);
      cache.upsert(*event->object);
    }
    result("watch_apply_in_process",
           events / std::chrono::duration<double>(Clock::now() - t0).count(), "events/s");
  }
  result("rss_end", rssKb() / 1024.0, "MiB");
  backend.reset();
  Poco::Net::uninitializeSSL();
  return 0;
}
