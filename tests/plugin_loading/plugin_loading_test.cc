#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config_file.h"
#include "plugin_manager.h"
#include "smee/errors.h"

namespace smee {
namespace {
namespace fs = std::filesystem;

class PluginLoadingTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() / ("smeed-loading-" + std::to_string(::getpid()) + "-" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    journal_ = (dir_ / "journal").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs the whole lifecycle for `plugins` with `yaml` as the config text;
  // returns the error text, or "" when everything succeeded.
  std::string run(const std::vector<std::string>& plugins, const std::string& yaml = "",
                  const fs::path& plugin_dir = FIXTURE_DIR) {
    ConfigDocument doc = parseConfigText(yaml, "test.conf");
    std::vector<PluginListEntry> list;
    list.reserve(plugins.size());
    for (const auto& name : plugins) list.push_back({name, "test"});
    try {
      Host host;
      PluginManager manager(host);
      manager.load(list, plugin_dir);
      manager.configure(doc, {});
      manager.start();
      ready_ = manager.ready();
      order_ = manager.names();
      manager.stop();
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  }

  std::string journal() const {
    std::ifstream in(journal_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  fs::path dir_;
  std::string journal_;
  bool ready_ = false;
  std::vector<std::string> order_;
};

TEST_F(PluginLoadingTest, LifecycleFollowsDependenciesAndStopsInReverse) {
  std::vector<std::string> plugins = {"gamma", "beta", "alpha"};
  std::string yaml = "gamma:\n  journal: " + journal_ + "\n  use: beta\n" +
                     "beta:\n  journal: " + journal_ + "\n  use: alpha\n" +
                     "alpha:\n  journal: " + journal_ + "\n";
  ASSERT_EQ(run(plugins, yaml), "");
  EXPECT_TRUE(ready_);
  EXPECT_EQ(order_, (std::vector<std::string>{"alpha", "beta", "gamma"}));
  EXPECT_EQ(journal(),
            "alpha:configure\n"
            "beta:configure\nbeta:uses:alpha\n"
            "gamma:configure\ngamma:uses:beta\n"
            "alpha:start\nbeta:start\ngamma:start\n"
            "gamma:stop\nbeta:stop\nalpha:stop\n"
            "gamma:destroy\nbeta:destroy\nalpha:destroy\n");
}

TEST_F(PluginLoadingTest, WrongAbiVersionIsRefused) {
  EXPECT_EQ(run({"bad-abi"}), "plugin 'bad-abi': plugin ABI version 99 instead of 1");
}

TEST_F(PluginLoadingTest, WrongBuildSignatureIsRefusedNamingBoth) {
  std::string error = run({"bad-signature"});
  EXPECT_EQ(error.rfind("plugin 'bad-signature': is not binary compatible: built with signature "
                        "\"abi=1,cxx=other\", this smeed has \"abi=1;api=",
                        0),
            0u)
      << error;
}

TEST_F(PluginLoadingTest, ShortDescriptorIsRefused) {
  EXPECT_EQ(run({"short-struct"}), "plugin 'short-struct': descriptor size 16 is smaller than " +
                                       std::to_string(sizeof(smee_plugin_descriptor_v1)));
}

// Services are called from the DHCP, TFTP and HTTP threads at once, so a
// plugin that does not declare itself thread-safe cannot be used at all.
TEST_F(PluginLoadingTest, PluginNotMarkedThreadSafeIsRefused) {
  EXPECT_EQ(run({"not-thread-safe"}),
            "plugin 'not-thread-safe': is not marked SMEE_PLUGIN_THREAD_SAFE: smeed calls every "
            "plugin's services from several threads at once");
}

TEST_F(PluginLoadingTest, UnknownDescriptorFlagsAreRefused) {
  EXPECT_EQ(run({"unknown-flags"}), "plugin 'unknown-flags': descriptor has unknown flags 2");
}

TEST_F(PluginLoadingTest, DescriptorNameMustMatchTheFile) {
  EXPECT_EQ(run({"wrong-name"}), "plugin 'wrong-name': file declares the name 'someone-else'");
}

TEST_F(PluginLoadingTest, LibraryWithoutEntryPointIsRefused) {
  std::string error = run({"no-entry"});
  EXPECT_NE(error.find("plugin 'no-entry': "), std::string::npos);
  EXPECT_NE(error.find("has no entry point 'smee_plugin_v1'"), std::string::npos) << error;
}

TEST_F(PluginLoadingTest, UnknownPluginNamesTheFileLookedFor) {
  std::string error = run({"nope"});
  EXPECT_EQ(error.rfind("plugin 'nope': unknown plugin: no libsmee_nope.so in /", 0), 0u) << error;
}

TEST_F(PluginLoadingTest, InvalidPluginNameIsRefused) {
  EXPECT_EQ(run({"../alpha"}),
            "plugin '../alpha': invalid plugin name (use lower-case letters, digits and dashes)");
}

TEST_F(PluginLoadingTest, ExceptionInCreateIsReportedWithThePluginName) {
  EXPECT_EQ(run({"throws-create"}), "plugin 'throws-create': create failed: constructor refuses");
}

TEST_F(PluginLoadingTest, ExceptionInConfigureIsReportedWithThePluginName) {
  EXPECT_EQ(run({"plain"}, "plain:\n  fail_at: configure\n"),
            "plugin 'plain': configure failed: configure exploded");
}

TEST_F(PluginLoadingTest, ConfigErrorFromPluginPointsAtTheValue) {
  EXPECT_EQ(run({"plain"}, "plain:\n  count: 3\n  fail_at: config-error\n"),
            "test.conf:2:10: plain.count: is not what the fixture wants");
}

TEST_F(PluginLoadingTest, UnknownKeyInPluginBlockIsRefusedWithPosition) {
  EXPECT_EQ(run({"plain"}, "plain:\n  cuont: 3\n"),
            "test.conf:2:3: plain.cuont: unknown key (known keys: journal, fail_at, use, count)");
}

TEST_F(PluginLoadingTest, FailedStartStopsWhatAlreadyStarted) {
  std::string error =
      run({"alpha", "plain"}, "alpha:\n  journal: " + journal_ +
                                  "\nplain:\n  journal: " + journal_ + "\n  fail_at: start\n");
  EXPECT_EQ(error, "plugin 'plain': start failed: port already in use");
  EXPECT_EQ(journal(),
            "alpha:configure\nplain:configure\nalpha:start\nplain:start\nplain:stop\nalpha:stop\n"
            "plain:destroy\nalpha:destroy\n");
}

TEST_F(PluginLoadingTest, MissingRequirementIsRefused) {
  EXPECT_EQ(run({"missing-require"}),
            "plugin 'missing-require': requires a smee.absent/v1 service, which no loaded plugin "
            "provides");
}

TEST_F(PluginLoadingTest, DependencyCycleIsRefused) {
  EXPECT_EQ(run({"cycle-a", "cycle-b"}),
            "plugin 'cycle-a': dependency cycle: cycle-a -> cycle-b -> cycle-a");
}

TEST_F(PluginLoadingTest, DuplicateProviderIsRefused) {
  EXPECT_EQ(run({"alpha", "dup-alpha"}),
            "plugin 'dup-alpha': service smee.test/v1:alpha is already provided by plugin 'alpha'");
}

TEST_F(PluginLoadingTest, MalformedProvidesEntryIsRefused) {
  EXPECT_EQ(run({"malformed-provides"}),
            "plugin 'malformed-provides': malformed provides entry 'no-version-here' (expected "
            "interface/vN:instance)");
}

TEST_F(PluginLoadingTest, ProvidingAnUndeclaredServiceIsRefused) {
  EXPECT_EQ(run({"plain"}, "plain:\n  fail_at: undeclared-provide\n"),
            "plugin 'plain': provides smee.test/v1:sneaky, which its descriptor does not declare");
}

TEST_F(PluginLoadingTest, UsingAnUndeclaredServiceIsRefused) {
  EXPECT_EQ(run({"alpha", "plain"}, "plain:\n  use: alpha\n"),
            "plugin 'plain': uses smee.test/v1:alpha without declaring it in its descriptor's "
            "requires");
}

TEST_F(PluginLoadingTest, RequiringAMissingInstanceListsWhatExists) {
  EXPECT_EQ(run({"alpha", "gamma"}, "gamma:\n  use: zeta\n"),
            "plugin 'gamma': needs smee.test/v1 instance 'zeta', which no loaded plugin provides "
            "(available: alpha)");
}

TEST_F(PluginLoadingTest, WorldWritablePluginIsRefused) {
  fs::copy_file(fs::path(FIXTURE_DIR) / "libsmee_plain.so", dir_ / "libsmee_plain.so");
  fs::permissions(dir_ / "libsmee_plain.so", fs::perms::others_write, fs::perm_options::add);
  std::string error = run({"plain"}, "", dir_);
  EXPECT_NE(error.find("is writable by every user; refusing to load code from it"),
            std::string::npos)
      << error;
}

TEST_F(PluginLoadingTest, SymlinkOutOfThePluginDirectoryIsRefused) {
  fs::create_directories(dir_ / "plugins");
  fs::create_symlink(fs::path(FIXTURE_DIR) / "libsmee_plain.so",
                     dir_ / "plugins" / "libsmee_plain.so");
  std::string error = run({"plain"}, "", dir_ / "plugins");
  EXPECT_NE(error.find("outside the plugin directory"), std::string::npos) << error;
}

TEST_F(PluginLoadingTest, DescribePrintsTheConfigTable) {
  auto description = describePlugin(FIXTURE_DIR, "plain");
  std::string text = formatDescription(description);
  EXPECT_NE(text.find("plain 0.0.1: test fixture"), std::string::npos) << text;
  EXPECT_NE(text.find("fail_at  enum    \"never\"  step that throws (one of: never, configure, "
                      "config-error, start, undeclared-provide)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("count    int     \"1\"      n (0..10)"), std::string::npos) << text;
}

TEST_F(PluginLoadingTest, RealBackendPluginsLoadAndProvideTheirService) {
  Host host;
  {
    PluginManager manager(host);
    manager.load({{"backend-noop", "test"}}, SMEE_PLUGIN_DIR);
    manager.configure(parseConfigText("", "test.conf"), {});
    ASSERT_NE(host.services.find("smee.backend/v1", "noop"), nullptr);
    EXPECT_EQ(host.services.find("smee.backend/v1", "noop")->provider, "backend-noop");
    manager.start();
    EXPECT_TRUE(manager.ready());
  }
  EXPECT_EQ(host.services.find("smee.backend/v1", "noop"), nullptr);
}

}  // namespace
}  // namespace smee
