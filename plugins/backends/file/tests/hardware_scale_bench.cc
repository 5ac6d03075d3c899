// Not a test: what bench/bench_scale.sh runs to measure the file backend at
// fleet sizes. Loads a hardware file through FileBackend (the path smeed
// takes), reports the load's wall time and memory, then times lookups of
// machines that exist (in random order, so the cache does not flatter the
// index) and of ones that do not. --compare also builds the HardwareIndex
// (a hash map of HardwareRecords, the shape the file backend served from
// before) over the same records and times the same lookups.
//
//   backend_file_scale_bench hardware.yaml hosts.tsv [--lookups N] [--compare]
//
// hosts.tsv: mac<TAB>ip<TAB>... per line (bench/tools/gen_reservations.py).
// Output: one "key value" per line.

#include <malloc.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "file_backend.h"
#include "file_content.h"
#include "hardware_index.h"

using namespace smee;
using namespace smee::backend_file;
using Clock = std::chrono::steady_clock;

namespace {

// VmRSS / VmHWM from /proc/self/status, in KiB.
long statusKb(const std::string& key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::stol(line.substr(key.size() + 1));
  }
  return -1;
}

// CPU time of this process so far (user + system), in ms: on a busy
// machine wall time also counts waiting for a core.
double cpuMs() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto ms = [](const timeval& t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; };
  return ms(usage.ru_utime) + ms(usage.ru_stime);
}

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Sample {
  std::vector<MacAddress> macs;
  std::vector<Ipv4Address> ips;
};

// At most `limit` hosts, spread over the whole file.
Sample readHosts(const std::string& path, std::size_t limit) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(std::move(line));
  const std::size_t step = std::max<std::size_t>(1, lines.size() / limit);
  Sample sample;
  for (std::size_t i = 0; i < lines.size(); i += step) {
    std::istringstream fields(lines[i]);
    std::string mac, ip;
    fields >> mac >> ip;
    auto m = MacAddress::parse(mac);
    auto a = Ipv4Address::parse(ip);
    if (m && a) {
      sample.macs.push_back(*m);
      sample.ips.push_back(*a);
    }
  }
  return sample;
}

// Nanoseconds per lookup over `count` lookups cycling through `keys`
// (shuffled); every answer must be `expected`, or the figure is meaningless.
template <class Key, class Lookup>
double timeLookups(std::vector<Key> keys, std::size_t count, LookupStatus expected, Lookup lookup) {
  std::shuffle(keys.begin(), keys.end(), std::mt19937(42));
  std::size_t wrong = 0;
  const auto start = Clock::now();
  for (std::size_t i = 0; i < count; ++i) {
    const LookupResult result = lookup(keys[i % keys.size()]);
    wrong += result.status != expected;
  }
  const double ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
  if (wrong != 0) {
    std::cerr << wrong << " of " << count << " lookups did not answer "
              << lookupStatusName(expected) << "\n";
    std::exit(1);
  }
  return ns / static_cast<double>(count);
}

std::vector<MacAddress> absentMacs(std::size_t count) {
  std::vector<MacAddress> macs;
  for (std::size_t i = 0; i < count; ++i) {
    macs.emplace_back(std::array<std::uint8_t, 6>{
        0x06, 0xee, 0xee, static_cast<std::uint8_t>(i >> 16), static_cast<std::uint8_t>(i >> 8),
        static_cast<std::uint8_t>(i)});
  }
  return macs;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: " << argv[0] << " hardware.yaml hosts.tsv [--lookups N] [--compare]\n";
    return 2;
  }
  const std::string file = argv[1];
  const std::string hosts = argv[2];
  std::size_t lookups = 2000000;
  bool compare = false;
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--lookups" && i + 1 < argc) {
      lookups = std::stoul(argv[++i]);
    } else if (arg == "--compare") {
      compare = true;
    } else {
      std::cerr << "unknown argument " << arg << "\n";
      return 2;
    }
  }

  Logger logger(
      std::make_shared<spdlog::logger>("bench", std::make_shared<spdlog::sinks::null_sink_mt>()));
  Metrics metrics;
  const long rss_before = statusKb("VmRSS");
  FileBackend backend(file, logger, metrics);
  const double cpu_start = cpuMs();
  const auto start = Clock::now();
  const LoadReport report = backend.load(LoadTrigger::Startup);
  const double load_ms = msSince(start);
  const double load_cpu_ms = cpuMs() - cpu_start;
  if (!report.ok) {
    std::cerr << report.error << "\n";
    return 1;
  }
  std::cout << "records " << report.records << "\n"
            << "load_ms " << load_ms << "\n"
            << "load_cpu_ms " << load_cpu_ms << "\n"
            << "rss_before_kb " << rss_before << "\n"
            << "rss_after_load_kb " << statusKb("VmRSS") << "\n"
            << "hwm_kb " << statusKb("VmHWM") << "\n"
            << "index_bytes " << backend.snapshot()->bytes() << "\n";

  const Sample sample = readHosts(hosts, 100000);
  if (sample.macs.empty()) {
    std::cerr << "no hosts in " << hosts << "\n";
    return 1;
  }
  std::cout << "sampled_hosts " << sample.macs.size() << "\n";
  const auto by_mac = [&](const MacAddress& m) { return backend.byMac(m); };
  const auto by_ip = [&](const Ipv4Address& a) { return backend.byIp(a); };
  std::cout << "mac_lookup_ns " << timeLookups(sample.macs, lookups, LookupStatus::Found, by_mac)
            << "\n"
            << "ip_lookup_ns " << timeLookups(sample.ips, lookups, LookupStatus::Found, by_ip)
            << "\n"
            << "miss_lookup_ns "
            << timeLookups(absentMacs(4096), lookups, LookupStatus::NotFound, by_mac) << "\n";

  if (compare) {
    const FileRead read = readHardwareFile(file);
    ParseOutcome outcome = parseHardwareDocument(read.bytes);
    const HardwareIndex plain(std::move(outcome.records), outcome.malformed, file);
    const auto plain_mac = [&](const MacAddress& m) { return plain.byMac(m); };
    const auto plain_ip = [&](const Ipv4Address& a) { return plain.byIp(a); };
    std::cout << "hash_mac_lookup_ns "
              << timeLookups(sample.macs, lookups, LookupStatus::Found, plain_mac) << "\n"
              << "hash_ip_lookup_ns "
              << timeLookups(sample.ips, lookups, LookupStatus::Found, plain_ip) << "\n";
  }
  return 0;
}
