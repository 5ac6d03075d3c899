#include "file_backend.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <thread>

#include "test_support.h"

namespace smee::plugins::backend_file {
namespace {

using testing::CapturedLog;
using testing::TempDir;
using testing::writeFile;

MacAddress mac(const char* text) { return *MacAddress::parse(text); }

constexpr const char* kTwoMachines = R"(
"aa:bb:cc:dd:ee:01": {ipAddress: 192.0.2.11, subnetMask: 255.255.255.0, hostname: one}
"aa:bb:cc:dd:ee:02": {ipAddress: 192.0.2.12, subnetMask: 255.255.255.0, hostname: two}
)";

struct BackendFixture : ::testing::Test {
  TempDir dir;
  CapturedLog log;
  Metrics metrics;
  std::filesystem::path file = dir / "hardware.yaml";
  FileBackend backend{file, log.logger, metrics};

  std::uint64_t counter(const char* name, const MetricLabels& labels = {}) {
    return metrics.counter(name, "", labels).value();
  }
};

TEST_F(BackendFixture, IsNotReadyAndAnswersUnavailableBeforeALoad) {
  EXPECT_FALSE(backend.ready());
  const LookupResult result = backend.byMac(mac("aa:bb:cc:dd:ee:01"));
  EXPECT_EQ(result.status, LookupStatus::Unavailable);
  EXPECT_NE(result.detail.find("not loaded"), std::string::npos);
}

TEST_F(BackendFixture, LoadsAndServesLookupsAndLogsOneSummary) {
  writeFile(file, kTwoMachines);
  const LoadReport report = backend.load(LoadTrigger::Startup);
  ASSERT_TRUE(report.ok) << report.error;
  EXPECT_EQ(report.records, 2u);
  EXPECT_TRUE(backend.ready());
  const LookupResult result = backend.byMac(mac("AA-BB-CC-DD-EE-02"));
  ASSERT_TRUE(result.found());
  EXPECT_EQ(result.record->dhcp.hostname, "two");
  EXPECT_TRUE(backend.byIp(*Ipv4Address::parse("192.0.2.11")).found());
  EXPECT_EQ(backend.byMac(mac("aa:bb:cc:dd:ee:03")).status, LookupStatus::NotFound);
  EXPECT_EQ(log.sink->count("hardware file loaded"), 1u);
  EXPECT_EQ(log.sink->count("records=2 "), 1u);
  EXPECT_EQ(log.sink->count("problems=0 "), 1u);
  EXPECT_EQ(counter("smee_backend_file_reloads_total", {{"result", "ok"}}), 1u);
  EXPECT_EQ(metrics.gauge("smee_backend_file_records", "").value(), 2);
}

TEST_F(BackendFixture, LogsOneWarningPerRecordProblemAndCountsThem) {
  writeFile(file, R"(
"aa:bb:cc:dd:ee:01": {ipAddress: 192.0.2.11, subnetMask: 255.255.255.0, ipadress: x}
"aa:bb:cc:dd:ee:02": {ipAddress: "3", subnetMask: 255.255.255.0}
)");
  const LoadReport report = backend.load(LoadTrigger::Startup);
  ASSERT_TRUE(report.ok);
  EXPECT_EQ(report.problems, 2u);
  EXPECT_EQ(report.malformed, 1u);
  EXPECT_EQ(log.sink->count("warning hardware record problem"), 2u);
  const std::string at = file.string() + ":3:34";
  EXPECT_EQ(log.sink->count("at=" + at + " mac=aa:bb:cc:dd:ee:02 field=ipAddress"), 1u)
      << ::testing::PrintToString(log.sink->lines());
  EXPECT_EQ(counter("smee_backend_file_record_problems_total"), 2u);
  EXPECT_EQ(backend.byMac(mac("aa:bb:cc:dd:ee:02")).status, LookupStatus::Malformed);
}

TEST_F(BackendFixture, KeepsTheLastGoodDataWhenTheFileBecomesInvalid) {
  writeFile(file, kTwoMachines);
  ASSERT_TRUE(backend.load(LoadTrigger::Startup).ok);
  writeFile(file, "\"aa:bb:cc:dd:ee:01\": {ipAddress: [\n");
  const LoadReport report = backend.load(LoadTrigger::Signal);
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.error.rfind(file.string() + ":2:1: invalid YAML", 0), 0u) << report.error;
  EXPECT_TRUE(backend.ready());
  EXPECT_TRUE(backend.byMac(mac("aa:bb:cc:dd:ee:02")).found());
  EXPECT_EQ(log.sink->count("error hardware file not reloaded, keeping the last good data"), 1u)
      << ::testing::PrintToString(log.sink->lines());
  EXPECT_EQ(counter("smee_backend_file_reloads_total", {{"result", "error"}}), 1u);
  EXPECT_EQ(metrics.gauge("smee_backend_file_records", "").value(), 2);

  std::filesystem::remove(file);
  EXPECT_FALSE(backend.load(LoadTrigger::Change).ok);
  EXPECT_TRUE(backend.byMac(mac("aa:bb:cc:dd:ee:02")).found());
}

TEST_F(BackendFixture, DoesNotLogAStartupFailureItsCallerReports) {
  const LoadReport missing = backend.load(LoadTrigger::Startup);
  EXPECT_FALSE(missing.ok);
  EXPECT_EQ(missing.error, file.string() + ": cannot open: No such file or directory");
  writeFile(file, "42\n");
  const LoadReport scalar = backend.load(LoadTrigger::Startup);
  EXPECT_EQ(scalar.error.rfind(file.string() + ":1:1: expected a mapping", 0), 0u) << scalar.error;
  EXPECT_TRUE(log.sink->lines().empty());
  EXPECT_FALSE(backend.ready());
}

TEST_F(BackendFixture, ServesNothingFromAnEmptyFileAndSaysSo) {
  writeFile(file, "# no machines yet\n");
  const LoadReport report = backend.load(LoadTrigger::Startup);
  ASSERT_TRUE(report.ok) << report.error;
  EXPECT_TRUE(backend.ready());
  EXPECT_EQ(backend.byMac(mac("aa:bb:cc:dd:ee:01")).status, LookupStatus::NotFound);
  EXPECT_EQ(log.sink->count("warning hardware file has no hardware records"), 1u);
}

TEST_F(BackendFixture, RefusesADirectoryOrFifo) {
  const LoadReport report = FileBackend(dir.path(), log.logger, metrics).load(LoadTrigger::Startup);
  EXPECT_EQ(report.error, dir.path().string() + ": is not a regular file");
  // A FIFO would block a plain open() until a writer shows up.
  const auto fifo = dir / "fifo.yaml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const LoadReport from_fifo = FileBackend(fifo, log.logger, metrics).load(LoadTrigger::Startup);
  EXPECT_EQ(from_fifo.error, fifo.string() + ": is not a regular file");
}

TEST_F(BackendFixture, LookupsKeepWorkingWhileReloading) {
  writeFile(file, kTwoMachines);
  ASSERT_TRUE(backend.load(LoadTrigger::Startup).ok);
  std::atomic<bool> done{false};
  std::atomic<int> misses{0};
  std::thread reader([&] {
    while (!done) {
      if (!backend.byMac(mac("aa:bb:cc:dd:ee:01")).found()) ++misses;
    }
  });
  for (int i = 0; i < 50; ++i) backend.load(LoadTrigger::Signal);
  done = true;
  reader.join();
  EXPECT_EQ(misses, 0);
}

}  // namespace
}  // namespace smee::plugins::backend_file
