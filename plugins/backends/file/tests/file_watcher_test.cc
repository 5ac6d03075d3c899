// The watcher and the backend together: each test changes the file the way
// a user or Kubernetes would and waits (bounded) for the new data.

#include "file_watcher.h"

#include <gtest/gtest.h>

#include <atomic>

#include "file_backend.h"
#include "test_support.h"

namespace smee::backend_file {
namespace {

using testing::CapturedLog;
using testing::eventually;
using testing::replaceAtomically;
using testing::TempDir;
using testing::writeFile;

using namespace std::chrono_literals;

MacAddress mac(const char* text) { return *MacAddress::parse(text); }

std::string machine(const char* mac_text, const char* hostname) {
  return std::string("\"") + mac_text + "\": {ipAddress: 192.0.2.10, subnetMask: 255.255.255.0, " +
         "hostname: " + hostname + "}\n";
}

// A long poll interval proves inotify did the work, not the safety net.
WatchOptions eventsOnly() {
  WatchOptions options;
  options.poll_interval = 60s;
  return options;
}

struct WatcherFixture : ::testing::Test {
  TempDir dir;
  CapturedLog log;
  Metrics metrics;
  std::atomic<int> changes{0};

  std::unique_ptr<FileBackend> backend;
  std::unique_ptr<FileWatcher> watcher;

  void watch(const std::filesystem::path& path, WatchOptions options = eventsOnly()) {
    backend = std::make_unique<FileBackend>(path, log.logger, metrics);
    ASSERT_TRUE(backend->load(LoadTrigger::Startup).ok);
    watcher = std::make_unique<FileWatcher>(
        path, options,
        [this] {
          ++changes;
          backend->load(LoadTrigger::Change);
        },
        log.logger);
    watcher->start(backend->lastReadHash());
  }

  bool serves(const char* mac_text) { return backend->byMac(mac(mac_text)).found(); }

  std::string hostnameOf(const char* mac_text) {
    const auto result = backend->byMac(mac(mac_text));
    return result.found() ? result.record->dhcp.hostname : std::string();
  }

  void TearDown() override {
    if (watcher) watcher->stop();
  }
};

TEST_F(WatcherFixture, ReloadsAfterAnInPlaceWrite) {
  const auto file = dir / "hardware.yaml";
  writeFile(file, machine("aa:bb:cc:dd:ee:01", "before"));
  watch(file);
  writeFile(file, machine("aa:bb:cc:dd:ee:01", "after"));
  EXPECT_TRUE(eventually([&] { return hostnameOf("aa:bb:cc:dd:ee:01") == "after"; }));
}

TEST_F(WatcherFixture, ReloadsAfterAnAtomicRename) {
  const auto file = dir / "hardware.yaml";
  writeFile(file, machine("aa:bb:cc:dd:ee:01", "one"));
  watch(file);
  replaceAtomically(file, machine("aa:bb:cc:dd:ee:02", "two"));
  EXPECT_TRUE(eventually([&] { return serves("aa:bb:cc:dd:ee:02"); }));
  EXPECT_FALSE(serves("aa:bb:cc:dd:ee:01"));
  // The watch survives the rename: a second replacement is seen too.
  replaceAtomically(file, machine("aa:bb:cc:dd:ee:03", "three"));
  EXPECT_TRUE(eventually([&] { return serves("aa:bb:cc:dd:ee:03"); }));
}

// What the kubelet does to a mounted ConfigMap: the file is a symlink
// through `..data`, which is swapped to a new timestamped folder by renaming
// a new symlink over it; the old folder is then deleted.
TEST_F(WatcherFixture, ReloadsAfterAConfigMapSymlinkSwap) {
  const auto v1 = dir / "..v1";
  const auto v2 = dir / "..v2";
  std::filesystem::create_directory(v1);
  writeFile(v1 / "hardware.yaml", machine("aa:bb:cc:dd:ee:01", "v1"));
  std::filesystem::create_directory_symlink("..v1", dir / "..data");
  std::filesystem::create_symlink("..data/hardware.yaml", dir / "hardware.yaml");
  watch(dir / "hardware.yaml");
  ASSERT_EQ(hostnameOf("aa:bb:cc:dd:ee:01"), "v1");

  std::filesystem::create_directory(v2);
  writeFile(v2 / "hardware.yaml", machine("aa:bb:cc:dd:ee:01", "v2"));
  std::filesystem::create_directory_symlink("..v2", dir / "..data_tmp");
  std::filesystem::rename(dir / "..data_tmp", dir / "..data");
  std::filesystem::remove_all(v1);
  EXPECT_TRUE(eventually([&] { return hostnameOf("aa:bb:cc:dd:ee:01") == "v2"; }));

  // And the next swap, after the watched target folder changed.
  const auto v3 = dir / "..v3";
  std::filesystem::create_directory(v3);
  writeFile(v3 / "hardware.yaml", machine("aa:bb:cc:dd:ee:01", "v3"));
  std::filesystem::create_directory_symlink("..v3", dir / "..data_tmp");
  std::filesystem::rename(dir / "..data_tmp", dir / "..data");
  std::filesystem::remove_all(v2);
  EXPECT_TRUE(eventually([&] { return hostnameOf("aa:bb:cc:dd:ee:01") == "v3"; }));
}

TEST_F(WatcherFixture, SeesAnEditToASymlinkTargetInAnotherFolder) {
  std::filesystem::create_directory(dir / "real");
  writeFile(dir / "real" / "hw.yaml", machine("aa:bb:cc:dd:ee:01", "before"));
  std::filesystem::create_directory(dir / "etc");
  std::filesystem::create_symlink(dir / "real" / "hw.yaml", dir / "etc" / "hardware.yaml");
  watch(dir / "etc" / "hardware.yaml");
  writeFile(dir / "real" / "hw.yaml", machine("aa:bb:cc:dd:ee:01", "after"));
  EXPECT_TRUE(eventually([&] { return hostnameOf("aa:bb:cc:dd:ee:01") == "after"; }));
}

TEST_F(WatcherFixture, DoesNotReloadOnATouchOrAnUnrelatedFile) {
  const auto file = dir / "hardware.yaml";
  writeFile(file, machine("aa:bb:cc:dd:ee:01", "same"));
  watch(file);
  std::filesystem::last_write_time(file, std::filesystem::file_time_type::clock::now() + 1h);
  writeFile(file, machine("aa:bb:cc:dd:ee:01", "same"));  // rewritten, same bytes
  writeFile(dir / "notes.txt", "unrelated");
  // Then a real change, so the test knows every earlier event was handled.
  writeFile(file, machine("aa:bb:cc:dd:ee:01", "changed"));
  ASSERT_TRUE(eventually([&] { return hostnameOf("aa:bb:cc:dd:ee:01") == "changed"; }));
  EXPECT_EQ(changes.load(), 1);
}

TEST_F(WatcherFixture, KeepsServingThroughABadEditAndRecovers) {
  const auto file = dir / "hardware.yaml";
  writeFile(file, machine("aa:bb:cc:dd:ee:01", "good"));
  watch(file);
  writeFile(file, "\"aa:bb:cc:dd:ee:01\": [unclosed\n");
  ASSERT_TRUE(eventually([&] { return log.sink->count("keeping the last good data") == 1; }));
  EXPECT_EQ(hostnameOf("aa:bb:cc:dd:ee:01"), "good");
  writeFile(file, machine("aa:bb:cc:dd:ee:01", "fixed"));
  EXPECT_TRUE(eventually([&] { return hostnameOf("aa:bb:cc:dd:ee:01") == "fixed"; }));
}

TEST_F(WatcherFixture, ThePollFindsAChangeWithoutEvents) {
  const auto file = dir / "hardware.yaml";
  writeFile(file, machine("aa:bb:cc:dd:ee:01", "before"));
  WatchOptions options;
  options.poll_interval = 150ms;
  // A debounce longer than the test deadline: only the poll can get there.
  options.debounce = 1h;
  options.max_settle = 1h;
  watch(file, options);
  writeFile(file, machine("aa:bb:cc:dd:ee:01", "after!"));
  EXPECT_TRUE(eventually([&] { return hostnameOf("aa:bb:cc:dd:ee:01") == "after!"; }));
}

TEST_F(WatcherFixture, CatchesAChangeMadeBetweenLoadAndStart) {
  const auto file = dir / "hardware.yaml";
  writeFile(file, machine("aa:bb:cc:dd:ee:01", "loaded"));
  backend = std::make_unique<FileBackend>(file, log.logger, metrics);
  ASSERT_TRUE(backend->load(LoadTrigger::Startup).ok);
  writeFile(file, machine("aa:bb:cc:dd:ee:01", "newer"));
  watcher = std::make_unique<FileWatcher>(
      file, eventsOnly(), [this] { backend->load(LoadTrigger::Change); }, log.logger);
  watcher->start(backend->lastReadHash());
  EXPECT_TRUE(eventually([&] { return hostnameOf("aa:bb:cc:dd:ee:01") == "newer"; }));
}

TEST(FileWatcher, StopsPromptlyAndTwiceAndWithoutStart) {
  TempDir dir;
  CapturedLog log;
  writeFile(dir / "hardware.yaml", "{}");
  FileWatcher never_started(
      dir / "hardware.yaml", {}, [] {}, log.logger);
  never_started.stop();

  FileWatcher watcher(
      dir / "hardware.yaml", {}, [] {}, log.logger);
  watcher.start();
  const auto before = std::chrono::steady_clock::now();
  watcher.stop();
  watcher.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, 1s);
}

TEST(FileWatcher, SurvivesACallbackThatThrows) {
  TempDir dir;
  CapturedLog log;
  const auto file = dir / "hardware.yaml";
  writeFile(file, "a");
  std::atomic<int> calls{0};
  FileWatcher watcher(
      file, eventsOnly(),
      [&] {
        ++calls;
        throw std::runtime_error("boom");
      },
      log.logger);
  watcher.start();
  writeFile(file, "b");
  ASSERT_TRUE(eventually([&] { return calls == 1; }));
  writeFile(file, "c");
  EXPECT_TRUE(eventually([&] { return calls == 2; }));
  EXPECT_GE(log.sink->count("boom"), 1u);
  watcher.stop();
}

}  // namespace
}  // namespace smee::backend_file
