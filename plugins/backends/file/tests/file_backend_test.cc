#include "file_backend.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <thread>

#include "test_support.h"

namespace smee::backend_file {
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

std::string machines(int count) {
  std::string text;
  for (int i = 1; i <= count; ++i) {
    char line[128];
    std::snprintf(line, sizeof line,
                  "\"aa:bb:cc:dd:ee:%02x\": {ipAddress: 192.0.2.%d, subnetMask: 255.255.255.0}\n",
                  i, i);
    text += line;
  }
  return text;
}

struct GuardFixture : BackendFixture {
  std::uint64_t rejected(const char* reason) {
    return counter("smee_backend_reload_rejected_total", {{"backend", "file"}, {"reason", reason}});
  }
  std::int64_t served() {
    return metrics.gauge("smee_backend_records", "", {{"backend", "file"}}).value();
  }
  std::string logText() {
    std::string text;
    for (const auto& line : log.sink->lines()) text += line + "\n";
    return text;
  }
};

TEST_F(GuardFixture, RefusesAReloadThatEmptiesTheFileAndKeepsServing) {
  writeFile(file, machines(2));
  ASSERT_TRUE(backend.load(LoadTrigger::Startup).ok);
  EXPECT_EQ(served(), 2);
  EXPECT_EQ(rejected("min_records"), 0u);  // exists before the first refusal

  writeFile(file, "");  // a truncated file parses as an empty document
  const LoadReport report = backend.load(LoadTrigger::Change);
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.refusal, ReloadRefusal::MinRecords);
  EXPECT_EQ(report.records, 0u);
  EXPECT_NE(report.error.find("reload refused by min_records=1"), std::string::npos)
      << report.error;
  EXPECT_TRUE(backend.byMac(mac("aa:bb:cc:dd:ee:02")).found());
  EXPECT_EQ(log.sink->count("error hardware file reload refused, keeping the last good data"), 1u)
      << logText();
  EXPECT_EQ(log.sink->count("old_records=2 new_records=0 rule=min_records limit=1 trigger=change"),
            1u)
      << logText();
  EXPECT_EQ(log.sink->count("to_accept=\"create " + file.string() + ".allow-shrink"), 1u)
      << logText();
  EXPECT_EQ(rejected("min_records"), 1u);
  EXPECT_EQ(rejected("max_drop_ratio"), 0u);
  EXPECT_EQ(counter("smee_backend_file_reloads_total", {{"result", "rejected"}}), 1u);
  EXPECT_EQ(served(), 2);
  EXPECT_EQ(metrics.gauge("smee_backend_file_records", "").value(), 2);
  // The watcher must not re-read the same refused bytes over and over.
  EXPECT_TRUE(backend.lastReadHash().has_value());

  // The next good write is served as usual.
  writeFile(file, machines(3));
  ASSERT_TRUE(backend.load(LoadTrigger::Change).ok);
  EXPECT_TRUE(backend.byMac(mac("aa:bb:cc:dd:ee:03")).found());
  EXPECT_EQ(served(), 3);
}

TEST_F(GuardFixture, RefusesLosingMoreThanHalfButNotHalf) {
  writeFile(file, machines(4));
  ASSERT_TRUE(backend.load(LoadTrigger::Startup).ok);
  writeFile(file, machines(1));
  const LoadReport refused = backend.load(LoadTrigger::Signal);
  EXPECT_EQ(refused.refusal, ReloadRefusal::MaxDropRatio);
  EXPECT_TRUE(backend.byMac(mac("aa:bb:cc:dd:ee:04")).found());
  EXPECT_EQ(log.sink->count("old_records=4 new_records=1 rule=max_drop_ratio limit=0.5"), 1u)
      << logText();
  EXPECT_EQ(rejected("max_drop_ratio"), 1u);

  writeFile(file, machines(2));  // exactly half: allowed
  ASSERT_TRUE(backend.load(LoadTrigger::Signal).ok);
  EXPECT_EQ(backend.byMac(mac("aa:bb:cc:dd:ee:04")).status, LookupStatus::NotFound);
  EXPECT_EQ(served(), 2);
}

TEST_F(GuardFixture, RecordsThatTurnedMalformedCountAsLost) {
  writeFile(file, machines(2));
  ASSERT_TRUE(backend.load(LoadTrigger::Startup).ok);
  // A bad search-and-replace: both records still there, neither usable.
  writeFile(file, R"(
"aa:bb:cc:dd:ee:01": {ipAddress: 192.0.2.300, subnetMask: 255.255.255.0}
"aa:bb:cc:dd:ee:02": {ipAddress: 192.0.2.301, subnetMask: 255.255.255.0}
)");
  EXPECT_EQ(backend.load(LoadTrigger::Change).refusal, ReloadRefusal::MinRecords);
  EXPECT_TRUE(backend.byMac(mac("aa:bb:cc:dd:ee:01")).found());
}

TEST_F(GuardFixture, AnEmptyStartStaysEmptyAndGrowsWithoutRefusals) {
  writeFile(file, "# no machines yet\n");
  ASSERT_TRUE(backend.load(LoadTrigger::Startup).ok);
  EXPECT_EQ(served(), 0);
  ASSERT_TRUE(backend.load(LoadTrigger::Signal).ok);  // nothing to lose
  writeFile(file, machines(1));
  ASSERT_TRUE(backend.load(LoadTrigger::Change).ok);
  EXPECT_EQ(served(), 1);
  EXPECT_EQ(rejected("min_records"), 0u);
}

TEST_F(GuardFixture, StartupBelowMinRecordsIsServedWithAWarning) {
  FileBackend guarded(file, log.logger, metrics, {.min_records = 5});
  writeFile(file, machines(2));
  ASSERT_TRUE(guarded.load(LoadTrigger::Startup).ok);
  EXPECT_TRUE(guarded.byMac(mac("aa:bb:cc:dd:ee:02")).found());
  EXPECT_EQ(log.sink->count("warning hardware file has fewer usable records than min_records"), 1u)
      << logText();
  // Growing towards min_records loses nothing and is accepted...
  writeFile(file, machines(3));
  ASSERT_TRUE(guarded.load(LoadTrigger::Change).ok);
  // ...shrinking while below it is not.
  writeFile(file, machines(2));
  EXPECT_EQ(guarded.load(LoadTrigger::Change).refusal, ReloadRefusal::MinRecords);
}

TEST_F(GuardFixture, AllowShrinkAcceptsAnyReloadWithAWarning) {
  FileBackend permissive(file, log.logger, metrics, {.allow_shrink = true});
  writeFile(file, machines(4));
  ASSERT_TRUE(permissive.load(LoadTrigger::Startup).ok);
  writeFile(file, "");
  ASSERT_TRUE(permissive.load(LoadTrigger::Signal).ok);
  EXPECT_EQ(permissive.byMac(mac("aa:bb:cc:dd:ee:01")).status, LookupStatus::NotFound);
  EXPECT_EQ(log.sink->count("old_records=4 new_records=0 rule=min_records limit=1 "
                            "allowed_by=allow_shrink"),
            1u)
      << logText();
  EXPECT_EQ(rejected("min_records"), 0u);
  EXPECT_EQ(served(), 0);
}

TEST_F(GuardFixture, TheMarkerFileBesideAllowsWhileItExists) {
  writeFile(file, machines(4));
  ASSERT_TRUE(backend.load(LoadTrigger::Startup).ok);
  writeFile(file, machines(1));
  EXPECT_EQ(backend.load(LoadTrigger::Change).refusal, ReloadRefusal::MaxDropRatio);

  const auto marker = dir / "hardware.yaml.allow-shrink";
  EXPECT_EQ(FileBackend::allowShrinkMarker(file), marker);
  writeFile(marker, "");
  ASSERT_TRUE(backend.load(LoadTrigger::Signal).ok);
  EXPECT_EQ(backend.byMac(mac("aa:bb:cc:dd:ee:04")).status, LookupStatus::NotFound);
  EXPECT_EQ(log.sink->count("allowed_by=" + marker.string()), 1u) << logText();
  EXPECT_EQ(served(), 1);

  std::filesystem::remove(marker);
  writeFile(file, machines(4));
  ASSERT_TRUE(backend.load(LoadTrigger::Change).ok);
  writeFile(file, "");
  EXPECT_EQ(backend.load(LoadTrigger::Change).refusal, ReloadRefusal::MinRecords);
  EXPECT_EQ(rejected("min_records"), 1u);
  EXPECT_EQ(rejected("max_drop_ratio"), 1u);
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
}  // namespace smee::backend_file
