#include "file_plugin.h"

#include <gtest/gtest.h>

#include <thread>

#include "smee/errors.h"
#include "test_support.h"

namespace smee::backend_file {
namespace {

using testing::eventually;
using testing::FakeContext;
using testing::pluginConfig;
using testing::replaceAtomically;
using testing::TempDir;
using testing::writeFile;

using namespace std::chrono_literals;

MacAddress mac(const char* text) { return *MacAddress::parse(text); }

constexpr const char* kOneMachine =
    "\"aa:bb:cc:dd:ee:01\": {ipAddress: 192.0.2.10, subnetMask: 255.255.255.0}\n";
constexpr const char* kOtherMachine =
    "\"aa:bb:cc:dd:ee:02\": {ipAddress: 192.0.2.11, subnetMask: 255.255.255.0}\n";

struct PluginFixture : ::testing::Test {
  TempDir dir;
  FakeContext context{dir.path()};
  FileBackendPlugin plugin;

  std::shared_ptr<BackendReader> provided() { return context.find<BackendReader>("file"); }
  void TearDown() override { plugin.stop(); }
};

// The error message the core will show, with the key it names.
std::pair<std::string, std::string> configError(const std::function<void()>& action) {
  try {
    action();
  } catch (const ConfigError& e) {
    return {e.key(), e.what()};
  }
  return {"", "no ConfigError"};
}

TEST_F(PluginFixture, DescribesItsConfiguration) {
  const ConfigSchema schema = plugin.schema();
  ASSERT_EQ(schema.size(), 6u);
  EXPECT_EQ(schema[0].key, "path");
  EXPECT_EQ(schema[0].type, ConfigType::String);
  EXPECT_EQ(schema[1].key, "watch");
  EXPECT_EQ(schema[1].default_value, "true");
  EXPECT_EQ(schema[2].key, "poll_interval");
  EXPECT_EQ(schema[2].type, ConfigType::Duration);
  EXPECT_EQ(schema[2].default_value, "2s");
  EXPECT_EQ(schema[3].key, "min_records");
  EXPECT_EQ(schema[3].default_value, "1");
  EXPECT_EQ(schema[4].key, "max_drop_ratio");
  EXPECT_EQ(schema[4].default_value, "0.5");
  EXPECT_EQ(schema[5].key, "allow_shrink");
  EXPECT_EQ(schema[5].default_value, "false");
  EXPECT_NE(schema[5].description.find(".allow-shrink"), std::string::npos);
}

TEST_F(PluginFixture, RejectsAMaxDropRatioOutsideZeroToOne) {
  writeFile(dir / "hardware.yaml", kOneMachine);
  ConfigValues config = pluginConfig("hardware.yaml");
  config.set("max_drop_ratio", std::string("2"), "test", true);
  const auto [key, message] = configError([&] { plugin.configure(config, context); });
  EXPECT_EQ(key, "max_drop_ratio");
  EXPECT_NE(message.find("from 0 to 1"), std::string::npos) << message;
}

TEST_F(PluginFixture, StartsFromAnEmptyFileWithAWarning) {
  writeFile(dir / "hardware.yaml", "");
  plugin.configure(pluginConfig("hardware.yaml"), context);
  EXPECT_TRUE(plugin.ready());
  EXPECT_EQ(context.log().count("warning hardware file has no hardware records"), 1u);
}

TEST_F(PluginFixture, TheWatcherKeepsTheLastGoodDataWhenTheFileIsTruncated) {
  writeFile(dir / "hardware.yaml", kOneMachine);
  plugin.configure(pluginConfig("hardware.yaml", true, 100ms), context);
  const auto backend = provided();
  plugin.start(context);
  writeFile(dir / "hardware.yaml", "");  // `> hardware.yaml` by mistake
  EXPECT_TRUE(eventually([&] { return context.log().count("hardware file reload refused") == 1; }));
  EXPECT_EQ(context.log().count("trigger=change"), 1u);
  EXPECT_TRUE(backend->byMac(mac("aa:bb:cc:dd:ee:01")).found());
  EXPECT_EQ(context.metrics()
                .counter("smee_backend_reload_rejected_total", "",
                         {{"backend", "file"}, {"reason", "min_records"}})
                .value(),
            1u);
  std::this_thread::sleep_for(400ms);  // the same bytes are not judged again and again
  EXPECT_EQ(context.log().count("hardware file reload refused"), 1u);

  // The operator meant it: the marker, then SIGHUP.
  writeFile(dir / "hardware.yaml.allow-shrink", "");
  plugin.reload(context);
  EXPECT_EQ(backend->byMac(mac("aa:bb:cc:dd:ee:01")).status, LookupStatus::NotFound);
}

TEST_F(PluginFixture, AllowShrinkFromTheConfigLetsATruncationThrough) {
  writeFile(dir / "hardware.yaml", kOneMachine);
  plugin.configure(pluginConfig("hardware.yaml", false, 2s, {.allow_shrink = true}), context);
  writeFile(dir / "hardware.yaml", "");
  plugin.reload(context);
  EXPECT_EQ(provided()->byMac(mac("aa:bb:cc:dd:ee:01")).status, LookupStatus::NotFound);
}

TEST_F(PluginFixture, ResolvesTheRelativePathLoadsAndProvidesTheBackend) {
  writeFile(dir / "hardware.yaml", kOneMachine);
  plugin.configure(pluginConfig("hardware.yaml"), context);
  EXPECT_TRUE(plugin.ready());
  ASSERT_EQ(context.services().count("smee.backend/v1:file"), 1u);
  const auto backend = provided();
  ASSERT_NE(backend, nullptr);
  EXPECT_TRUE(backend->ready());
  EXPECT_TRUE(backend->byMac(mac("aa:bb:cc:dd:ee:01")).found());
}

TEST_F(PluginFixture, RequiresAPath) {
  const auto [key, message] = configError([&] { plugin.configure(pluginConfig(""), context); });
  EXPECT_EQ(key, "path");
  EXPECT_NE(message.find("is required"), std::string::npos) << message;
}

TEST_F(PluginFixture, RejectsATooShortPollInterval) {
  writeFile(dir / "hardware.yaml", kOneMachine);
  const auto [key, message] =
      configError([&] { plugin.configure(pluginConfig("hardware.yaml", true, 50ms), context); });
  EXPECT_EQ(key, "poll_interval");
  EXPECT_NE(message.find("at least 100ms"), std::string::npos) << message;
}

TEST_F(PluginFixture, FailsConfigureForAMissingFileNamingThePath) {
  const auto [key, message] =
      configError([&] { plugin.configure(pluginConfig("missing.yaml"), context); });
  EXPECT_EQ(key, "path");
  EXPECT_NE(message.find((dir / "missing.yaml").string() + ": cannot open"), std::string::npos)
      << message;
  EXPECT_EQ(provided(), nullptr);
  EXPECT_FALSE(plugin.ready());
}

TEST_F(PluginFixture, FailsConfigureForBrokenYamlWithLineAndColumn) {
  writeFile(dir / "hardware.yaml", "\"aa:bb:cc:dd:ee:01\":\n  ipAddress: 192.0.2.1\n bad: [\n");
  const auto [key, message] =
      configError([&] { plugin.configure(pluginConfig("hardware.yaml"), context); });
  EXPECT_EQ(key, "path");
  EXPECT_NE(message.find((dir / "hardware.yaml").string() + ":3:"), std::string::npos) << message;
  // The core prints the ConfigError; the plugin does not log it a second time.
  EXPECT_EQ(context.log().count("error"), 0u);
}

TEST_F(PluginFixture, ReloadReadsTheFileAgain) {
  writeFile(dir / "hardware.yaml", kOneMachine);
  plugin.configure(pluginConfig("hardware.yaml", false), context);
  plugin.start(context);
  writeFile(dir / "hardware.yaml", kOtherMachine);
  plugin.reload(context);
  EXPECT_TRUE(provided()->byMac(mac("aa:bb:cc:dd:ee:02")).found());
  EXPECT_EQ(provided()->byMac(mac("aa:bb:cc:dd:ee:01")).status, LookupStatus::NotFound);
  EXPECT_EQ(context.log().count("trigger=signal"), 1u);
}

TEST_F(PluginFixture, WatchesAfterStartAndStopsWatchingAfterStop) {
  writeFile(dir / "hardware.yaml", kOneMachine);
  plugin.configure(pluginConfig("hardware.yaml", true, 100ms), context);
  const auto backend = provided();
  plugin.start(context);
  replaceAtomically(dir / "hardware.yaml", kOtherMachine);
  EXPECT_TRUE(eventually([&] { return backend->byMac(mac("aa:bb:cc:dd:ee:02")).found(); }));
  plugin.stop();
  replaceAtomically(dir / "hardware.yaml", kOneMachine);
  std::this_thread::sleep_for(400ms);  // longer than debounce and poll: nothing may happen
  EXPECT_TRUE(backend->byMac(mac("aa:bb:cc:dd:ee:02")).found());
}

TEST_F(PluginFixture, DoesNotWatchWhenToldNotTo) {
  writeFile(dir / "hardware.yaml", kOneMachine);
  plugin.configure(pluginConfig("hardware.yaml", false, 100ms), context);
  plugin.start(context);
  replaceAtomically(dir / "hardware.yaml", kOtherMachine);
  std::this_thread::sleep_for(400ms);
  EXPECT_TRUE(provided()->byMac(mac("aa:bb:cc:dd:ee:01")).found());
}

}  // namespace
}  // namespace smee::backend_file
