#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "process.h"

namespace {
namespace fs = std::filesystem;

const std::string kSmeed = SMEED_BINARY;
const std::string kSource = SMEE_SOURCE_DIR;
const std::string kHardware = kSource + "/etc/hardware.yaml";

// Smee's network services switched off, so a Smee-style command line does
// not depend on this host's addresses (their defaults use the public IP).
std::vector<std::string> quietSmee(std::vector<std::string> args) {
  for (const char* flag : {"-dhcp-enabled=false", "-tftp-enabled=false", "-syslog-enabled=false",
                           "-http-ipxe-binary-enabled=false", "-http-ipxe-script-enabled=false"}) {
    args.emplace_back(flag);
  }
  return args;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class SmeedCli : public testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() / ("smeed-cli-" + std::to_string(::getpid()) + "-" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string writeConfig(const std::string& text) {
    auto path = dir_ / "smee.conf";
    std::ofstream(path) << text;
    return path.string();
  }

  fs::path dir_;
};

TEST_F(SmeedCli, VersionAndHelp) {
  auto version = runToEnd({kSmeed, "--version"});
  EXPECT_EQ(version.status, 0);
  EXPECT_TRUE(contains(version.out, "smeed 0.")) << version.out;
  auto help = runToEnd({kSmeed, "-h"});
  EXPECT_EQ(help.status, 0);
  EXPECT_TRUE(contains(help.out, "SMEED OPTIONS")) << help.out;
  EXPECT_TRUE(contains(help.out, "-dhcp-mode")) << help.out;
  EXPECT_TRUE(contains(help.out, "[backend] the hardware yaml file path for the file backend"));
}

TEST_F(SmeedCli, UnknownFlagExitsTwo) {
  auto r = runToEnd({kSmeed, "-dhcp-moed", "proxy"});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "unrecognised option '-dhcp-moed'")) << r.err;
}

TEST_F(SmeedCli, BooleanFlagTakesNoSeparateValueLikeGo) {
  // Go's flag package reads `-dhcp-enabled false` as -dhcp-enabled=true
  // followed by a stray argument; smeed refuses the stray argument.
  auto r = runToEnd({kSmeed, "-backend-noop-enabled", "false", "--check-config"});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
}

TEST_F(SmeedCli, ExampleConfigChecksClean) {
  auto r = runToEnd({kSmeed, "--check-config", "-c", kSource + "/etc/smee.conf"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "configuration OK")) << r.out;
  EXPECT_TRUE(contains(r.out, "plugins: backend-file")) << r.out;
}

TEST_F(SmeedCli, MisspelledKeyExitsOneNamingFileLineColumn) {
  std::string conf =
      writeConfig("plugins: [backend-file]\nbackend-file:\n  pathh: " + kHardware + "\n");
  auto r = runToEnd({kSmeed, "--check-config", "-c", conf});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err, conf + ":3:3: backend-file.pathh: unknown key")) << r.err;
}

TEST_F(SmeedCli, BlockForAPluginNotListedIsAnError) {
  std::string conf = writeConfig("plugins: [backend-noop]\nbackend-fiel:\n  path: x\n");
  auto r = runToEnd({kSmeed, "--check-config", "-c", conf});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err, conf + ":2:1: block 'backend-fiel' configures a plugin that is not "
                                     "in the 'plugins' list"))
      << r.err;
}

TEST_F(SmeedCli, SmeeEnvironmentMapsOntoConfigKeys) {
  // DHCP is switched off so the result does not depend on this host's
  // addresses (its defaults use the detected public IP).
  auto bad = runToEnd(quietSmee({kSmeed, "-backend-file-enabled", "--check-config"}),
                      {{"SMEE_BACKEND_FILE_PATH", "/nonexistent/hw.yaml"}});
  EXPECT_EQ(bad.status, 1);
  EXPECT_TRUE(contains(bad.err, "env SMEE_BACKEND_FILE_PATH: backend-file.path:")) << bad.err;
  auto good = runToEnd({kSmeed, "-backend-file-enabled", "--check-config"},
                       {{"SMEE_BACKEND_FILE_PATH", kHardware},
                        {"SMEE_DHCP_ENABLED", "false"},
                        {"SMEE_TFTP_ENABLED", "false"},
                        {"SMEE_SYSLOG_ENABLED", "false"},
                        {"SMEE_HTTP_IPXE_BINARY_ENABLED", "false"},
                        {"SMEE_HTTP_IPXE_SCRIPT_ENABLED", "false"}});
  EXPECT_EQ(good.status, 0) << good.err;
  EXPECT_TRUE(contains(good.out, "(plugins: ipxe-binaries,backend-file)")) << good.out;
}

TEST_F(SmeedCli, FlagBeatsEnvironmentBeatsConfigFile) {
  std::string conf =
      writeConfig("plugins: [backend-file]\nbackend-file:\n  path: /nonexistent/a.yaml\n");
  auto from_env =
      runToEnd({kSmeed, "--check-config", "-c", conf}, {{"SMEE_BACKEND_FILE_PATH", kHardware}});
  EXPECT_EQ(from_env.status, 0) << from_env.err;
  auto from_flag =
      runToEnd({kSmeed, "--check-config", "-c", conf, "--backend-file-path", kHardware},
               {{"SMEE_BACKEND_FILE_PATH", "/nonexistent/b.yaml"}});
  EXPECT_EQ(from_flag.status, 0) << from_flag.err;
  auto from_file =
      runToEnd({kSmeed, "--check-config", "-c", conf}, {{"SMEE_BACKEND_FILE_PATH", ""}});
  EXPECT_EQ(from_file.status, 1);
  EXPECT_TRUE(contains(from_file.err, conf + ":3:9: backend-file.path:")) << from_file.err;
}

TEST_F(SmeedCli, EnabledFlagsOverrideThePluginList) {
  std::string conf = writeConfig("plugins: [backend-noop]\n");
  auto r = runToEnd({kSmeed, "--check-config", "-c", conf, "-backend-noop-enabled=false",
                     "-backend-file-enabled", "-backend-file-path=" + kHardware});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "(plugins: backend-file)")) << r.out;
}

TEST_F(SmeedCli, OnlyOneBackendAtATime) {
  auto r = runToEnd({kSmeed, "--check-config", "-backend-file-enabled", "-backend-noop-enabled"});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err, "only one backend can be enabled at a time")) << r.err;
}

TEST_F(SmeedCli, FlagsForPluginsNotEnabledAreReported) {
  auto r = runToEnd(quietSmee({kSmeed, "--check-config", "-backend-noop-enabled", "-iso-url",
                               "http://192.0.2.1/hook.iso"}));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(
      contains(r.out, "flag -iso-url sets iso.url, but plugin 'iso' is not enabled; ignored"))
      << r.out;
}

TEST_F(SmeedCli, IsoFlagsEnableAndConfigureTheIsoPlugin) {
  auto enabled = runToEnd(quietSmee({kSmeed, "--check-config", "-backend-noop-enabled",
                                     "-iso-enabled", "-iso-url", "http://192.0.2.1/hook.iso"}));
  EXPECT_EQ(enabled.status, 0) << enabled.err;
  EXPECT_TRUE(contains(enabled.out, ",iso,http)")) << enabled.out;  // before its consumer
  auto bad = runToEnd(quietSmee({kSmeed, "--check-config", "-backend-noop-enabled", "-iso-enabled",
                                 "-iso-url", "ftp://192.0.2.1/hook.iso"}));
  EXPECT_EQ(bad.status, 1);
  EXPECT_TRUE(contains(bad.err, "flag -iso-url: iso.url: scheme must be http or https")) << bad.err;
  auto overlapping = runToEnd(quietSmee({kSmeed, "--check-config", "-backend-noop-enabled",
                                         "-iso-enabled", "-iso-magic-string", "abcab"}));
  EXPECT_EQ(overlapping.status, 1);
  EXPECT_TRUE(contains(overlapping.err, "iso.magic_string: begins with what it ends with"))
      << overlapping.err;
  auto short_marker = runToEnd(quietSmee({kSmeed, "--check-config", "-backend-noop-enabled",
                                          "-iso-enabled", "-iso-magic-string", "0123456789"}));
  EXPECT_EQ(short_marker.status, 1);
  EXPECT_TRUE(contains(short_marker.err, "the kernel arguments take at least")) << short_marker.err;
}

TEST_F(SmeedCli, MalformedFlagValueOfAConfigKeyExitsTwo) {
  std::string conf = writeConfig("plugins: [backend-noop]\n");
  auto r = runToEnd({kSmeed, "--check-config", "-c", conf, "-log-level", "verbose"});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "flag -log-level: smee.log.level: expected one of")) << r.err;
}

TEST_F(SmeedCli, MisspelledPluginNameSuggestsTheNearestPlugin) {
  std::string conf = writeConfig("plugins: [backend-fiel]\n");
  auto r = runToEnd({kSmeed, "--check-config", "-c", conf});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err, "unknown plugin 'backend-fiel'")) << r.err;
  EXPECT_TRUE(contains(r.err, "did you mean 'backend-file'?")) << r.err;
}

TEST_F(SmeedCli, AFileThatIsNotASharedObjectIsNamedAsSuch) {
  fs::create_directories(dir_ / "plugins");
  std::ofstream(dir_ / "plugins" / "libsmee_bogus.so") << "not a library\n";
  std::string conf = writeConfig("plugins: [bogus]\n");
  auto r =
      runToEnd({kSmeed, "--check-config", "--plugin-dir", (dir_ / "plugins").string(), "-c", conf});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err, "is not a shared object (no ELF header)")) << r.err;
}

TEST_F(SmeedCli, HelpStatesTheTftpBlockSizeTheTftpPluginUses) {
  auto help = runToEnd({kSmeed, "--help"});
  auto table = runToEnd({kSmeed, "--describe", "tftp"});
  EXPECT_TRUE(contains(help.out, "between 512 and 65464")) << help.out;
  EXPECT_TRUE(contains(help.out, "(default \"1468\")")) << help.out;
  EXPECT_TRUE(contains(table.out, "\"1468\"")) << table.out;
  EXPECT_TRUE(contains(table.out, "(512..65464)")) << table.out;
}

TEST_F(SmeedCli, TheReadmesConfigErrorSampleIsWhatSmeedSays) {
  // README: "A misspelled key ... stops smeed with the file, line and column: `etc/smee.conf:L:C:
  // ...`".
  std::ifstream readme(kSource + "/README.md");
  std::string text((std::istreambuf_iterator<char>(readme)), std::istreambuf_iterator<char>());
  const std::string marker = "`etc/smee.conf:";
  auto at = text.find(marker);
  ASSERT_NE(at, std::string::npos);
  std::string sample = text.substr(at + 1, text.find('`', at + 1) - at - 1);
  std::ifstream example(kSource + "/etc/smee.conf");
  std::string conf((std::istreambuf_iterator<char>(example)), std::istreambuf_iterator<char>());
  auto key = conf.find("\n  path: hardware.yaml");
  ASSERT_NE(key, std::string::npos);
  conf.replace(key, 8, "\n  pathh:");
  fs::create_directories(dir_ / "etc");
  std::ofstream(dir_ / "etc" / "smee.conf") << conf;
  fs::copy_file(kHardware, dir_ / "etc" / "hardware.yaml");
  auto r = runToEnd({kSmeed, "--check-config", "-c", (dir_ / "etc" / "smee.conf").string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err, sample)) << "README says: " << sample << "\nsmeed says: " << r.err;
}

TEST_F(SmeedCli, LogLevelTraceIsAcceptedAsSmeeDoes) {
  auto r = runToEnd(
      quietSmee({kSmeed, "--check-config", "-backend-noop-enabled", "-log-level", "trace"}));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.out + r.err, "\"level\":\"DEBUG\""))
      << r.out << r.err;  // debug lines now show
}

TEST_F(SmeedCli, MalformedEnvironmentValueExitsTwo) {
  auto r =
      runToEnd({kSmeed, "--check-config", "-backend-noop-enabled"}, {{"SMEE_TFTP_ENABLED", "yes"}});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "env SMEE_TFTP_ENABLED: invalid value \"yes\"")) << r.err;
}

TEST_F(SmeedCli, DescribePrintsTheFileBackendTable) {
  auto r = runToEnd({kSmeed, "--describe", "backend-file"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "provides: smee.backend/v1:file")) << r.out;
  EXPECT_TRUE(contains(r.out, "path")) << r.out;
  auto unknown = runToEnd({kSmeed, "--describe", "nope"});
  EXPECT_EQ(unknown.status, 1);
  EXPECT_TRUE(contains(unknown.err, "plugin 'nope': unknown plugin")) << unknown.err;
}

TEST_F(SmeedCli, RunsUntilSignalledAndReloadsOnHangup) {
  for (int sig : {SIGTERM, SIGINT}) {
    Process smeed({kSmeed, "-c", kSource + "/etc/smee.conf"});
    ASSERT_TRUE(smeed.waitForOutput("smeed is running")) << smeed.out() << smeed.err();
    smeed.signal(SIGHUP);
    ASSERT_TRUE(smeed.waitForOutput("SIGHUP received")) << smeed.out();
    smeed.signal(sig);
    EXPECT_EQ(smeed.wait(), 0) << smeed.out() << smeed.err();
    std::string out = smeed.out();
    EXPECT_TRUE(contains(out, "plugin stopped plugin=backend-file")) << out;
    EXPECT_TRUE(contains(out, "smeed stopped")) << out;
  }
}

TEST_F(SmeedCli, SmeeCommandLineAloneLogsJsonLikeSmee) {
  auto r = runToEnd(quietSmee({kSmeed, "--check-config", "-backend-noop-enabled", "-iso-url",
                               "http://192.0.2.1/hook.iso"}));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "{\"time\":\"")) << r.out;
  EXPECT_TRUE(
      contains(r.out, "\"level\":\"WARN\",\"logger\":\"smeed\",\"source\":{\"function\":\""))
      << r.out;
  EXPECT_TRUE(contains(r.out, "\"file\":\"core/app/main.cc\",\"line\":"))
      << r.out;  // Smee's source object
  EXPECT_TRUE(contains(
      r.out, "},\"msg\":\"flag -iso-url sets iso.url, but plugin 'iso' is not enabled; ignored\"}"))
      << r.out;
}

// Public-IP detection on a host we build ourselves: a network namespace
// with one TEST-NET address and a default route (needs root).
class NetnsHost {
 public:
  NetnsHost() : name_("smeedip" + std::to_string(::getpid())) {
    // A veth pair lives wholly inside the namespace: nothing touches the
    // host's interfaces.
    ok_ = ::geteuid() == 0 && sh("ip netns add " + name_) && sh(exec() + "ip link set lo up") &&
          sh(exec() + "ip link add v0 type veth peer name v1") &&
          sh(exec() + "ip addr add 192.0.2.10/24 dev v0") && sh(exec() + "ip link set v0 up") &&
          sh(exec() + "ip link set v1 up") &&
          sh(exec() + "ip route add default via 192.0.2.1 dev v0");
  }
  ~NetnsHost() { sh("ip netns del " + name_ + " 2>/dev/null"); }
  bool ok() const { return ok_; }
  std::string exec() const { return "ip netns exec " + name_ + " "; }
  static bool sh(const std::string& cmd) {
    return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0;
  }

 private:
  std::string name_;
  bool ok_ = false;
};

TEST_F(SmeedCli, DetectsPublicIpInANetworkNamespace) {
  NetnsHost host;
  if (!host.ok()) GTEST_SKIP() << "needs root and network namespaces";
  auto detect = [&](const std::string& env) {
    auto out = dir_ / "ip.txt";
    std::string cmd =
        host.exec() + "env " + env + " " + kSmeed + " --detect-public-ip > " + out.string();
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::ifstream in(out);
    std::string ip;
    in >> ip;
    return ip;
  };
  EXPECT_EQ(detect("SMEE_PUBLIC_IP_INTERFACE="), "192.0.2.10");
  EXPECT_EQ(detect("SMEE_PUBLIC_IP_INTERFACE=lo"), "127.0.0.1");
  EXPECT_EQ(detect("SMEE_PUBLIC_IP_INTERFACE=missing0"), "192.0.2.10");
}

}  // namespace

namespace {

TEST(SmeedConfigs, ProductionExampleChecksCleanWithAHardwareFile) {
  auto r = runToEnd({kSmeed, "--check-config", "-c", kSource + "/etc/smee.production.conf",
                     "-backend-file-path", kHardware});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(
      contains(r.out, "(plugins: backend-file,dhcp,ipxe-binaries,tftp,ipxe-script,http,syslog)"))
      << r.out;
}

// The Kubernetes example resolves its kubeconfig in --check-config without
// connecting; Smee's -backend-kube-* flags reach the same plugin.
TEST(SmeedConfigs, KubernetesExampleChecksCleanWithAKubeconfig) {
  const fs::path dir = fs::temp_directory_path() / ("smeed-kube-cli-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "kubeconfig")
      << "current-context: c\n"
         "clusters: [{name: k, cluster: {server: \"https://192.0.2.1:6443\", "
         "insecure-skip-tls-verify: true}}]\n"
         "contexts: [{name: c, context: {cluster: k, user: u}}]\n"
         "users: [{name: u, user: {token: t}}]\n";
  const std::string kubeconfig = (dir / "kubeconfig").string();
  auto example = runToEnd({kSmeed, "--check-config", "-c", kSource + "/etc/smee.kube.conf"},
                          {{"KUBECONFIG", kubeconfig}});
  EXPECT_EQ(example.status, 0) << example.err;
  EXPECT_TRUE(contains(example.out,
                       "(plugins: backend-kube,dhcp,ipxe-binaries,tftp,ipxe-script,http,syslog)"))
      << example.out;

  auto smee_style = runToEnd(quietSmee({kSmeed, "--check-config", "-backend-kube-config",
                                        kubeconfig, "-backend-kube-namespace", "tink-system"}));
  EXPECT_EQ(smee_style.status, 0) << smee_style.err;
  EXPECT_TRUE(contains(smee_style.out, "backend-kube")) << smee_style.out;
  EXPECT_TRUE(contains(smee_style.err + smee_style.out, "\"namespace\":\"tink-system\""))
      << smee_style.err;

  auto broken = runToEnd(
      quietSmee({kSmeed, "--check-config", "-backend-kube-config", (dir / "missing").string()}));
  EXPECT_EQ(broken.status, 1);
  EXPECT_TRUE(contains(broken.err,
                       "flag -backend-kube-config: backend-kube.config: kubeconfig: cannot read"))
      << broken.err;
  fs::remove_all(dir);
}

TEST(SmeedConfigs, NoopBackendOnlyWithAutoProxy) {
  auto refused = runToEnd({kSmeed, "--check-config", "-backend-noop-enabled", "-tftp-enabled=false",
                           "-syslog-enabled=false", "-http-ipxe-binary-enabled=false",
                           "-http-ipxe-script-enabled=false", "-dhcp-ip-for-packet", "192.0.2.1",
                           "-dhcp-tftp-ip", "192.0.2.1"});
  EXPECT_EQ(refused.status, 1);
  EXPECT_TRUE(contains(refused.err,
                       "dhcp.mode: the noop backend holds no hardware: only mode "
                       "auto-proxy can use it"))
      << refused.err;
  // The whole Smee command line of an auto-proxy deployment, every address given.
  auto accepted = runToEnd({kSmeed, "--check-config", "-backend-noop-enabled", "-dhcp-mode",
                            "auto-proxy", "-dhcp-ip-for-packet", "192.0.2.1", "-dhcp-tftp-ip",
                            "192.0.2.1", "-tftp-addr", "192.0.2.1", "-http-addr", "192.0.2.1",
                            "-syslog-addr", "192.0.2.1", "-dhcp-syslog-ip", "192.0.2.1"});
  EXPECT_EQ(accepted.status, 0) << accepted.err;
  EXPECT_TRUE(contains(accepted.out,
                       "(plugins: ipxe-binaries,ipxe-script,backend-noop,syslog,tftp,http,dhcp)"))
      << accepted.out;
}

TEST(SmeedConfigs, UnknownDhcpModeListsTheAvailableOnes) {
  auto r = runToEnd(
      {kSmeed, "--check-config", "-c", kSource + "/etc/smee.conf", "-dhcp-mode", "proxxy"});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err,
                       "flag -dhcp-mode: dhcp.mode: unknown DHCP mode 'proxxy' (available: "
                       "auto-proxy, proxy, reservation)"))
      << r.err;
}

}  // namespace
