#include "smee_flags.h"

#include <gtest/gtest.h>

#include <map>

#include "smee/errors.h"

namespace smee {
namespace {

EnvLookup envFrom(std::map<std::string, std::string> vars) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [shared](const char* name) -> const char* {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

const ConfigOverride* overrideFor(const SmeeSettings& s, const std::string& block,
                                  const std::string& key) {
  for (const auto& o : s.overrides) {
    if (o.block == block && o.key == key) return &o;
  }
  return nullptr;
}

TEST(SmeeFlags, EnvNamesFollowSmee) {
  EXPECT_EQ(smeeEnvName("dhcp-http-ipxe-script-prepend-mac"),
            "SMEE_DHCP_HTTP_IPXE_SCRIPT_PREPEND_MAC");
  EXPECT_EQ(smeeEnvName("a.b/c"), "SMEE_A_B_C");
}

TEST(SmeeFlags, EveryFlagOfSpecSection13IsKnownAndMapped) {
  const char* names[] = {"log-level",
                         "dhcp-enabled",
                         "dhcp-mode",
                         "dhcp-addr",
                         "dhcp-iface",
                         "dhcp-ip-for-packet",
                         "dhcp-syslog-ip",
                         "dhcp-tftp-ip",
                         "dhcp-tftp-port",
                         "dhcp-http-ipxe-binary-scheme",
                         "dhcp-http-ipxe-binary-host",
                         "dhcp-http-ipxe-binary-port",
                         "dhcp-http-ipxe-binary-path",
                         "dhcp-http-ipxe-script-scheme",
                         "dhcp-http-ipxe-script-host",
                         "dhcp-http-ipxe-script-port",
                         "dhcp-http-ipxe-script-path",
                         "dhcp-http-ipxe-script-url",
                         "dhcp-http-ipxe-script-prepend-mac",
                         "tftp-enabled",
                         "tftp-addr",
                         "tftp-port",
                         "tftp-timeout",
                         "tftp-block-size",
                         "ipxe-script-patch",
                         "http-ipxe-binary-enabled",
                         "http-ipxe-script-enabled",
                         "http-addr",
                         "http-port",
                         "extra-kernel-args",
                         "trusted-proxies",
                         "osie-url",
                         "tink-server",
                         "tink-server-tls",
                         "tink-server-insecure-tls",
                         "ipxe-script-retries",
                         "ipxe-script-retry-delay",
                         "syslog-enabled",
                         "syslog-addr",
                         "syslog-port",
                         "backend-kube-enabled",
                         "backend-kube-config",
                         "backend-kube-api",
                         "backend-kube-namespace",
                         "backend-file-enabled",
                         "backend-file-path",
                         "backend-noop-enabled",
                         "otel-endpoint",
                         "otel-insecure",
                         "iso-enabled",
                         "iso-url",
                         "iso-magic-string",
                         "iso-static-ipam-enabled"};
  EXPECT_EQ(smeeFlags().size(), std::size(names));
  for (const char* name : names) {
    const SmeeFlag* flag = findSmeeFlag(name);
    ASSERT_NE(flag, nullptr) << name;
    EXPECT_TRUE(!flag->toggles.empty() || (!flag->block.empty() && !flag->key.empty())) << name;
  }
}

TEST(SmeeFlags, FlagBeatsEnvironmentAndEmptyVariablesAreIgnored) {
  auto s =
      resolveSmeeSettings({{"dhcp-mode", "proxy"}}, envFrom({{"SMEE_DHCP_MODE", "auto-proxy"},
                                                             {"SMEE_BACKEND_FILE_PATH", "/hw.yaml"},
                                                             {"SMEE_TFTP_PORT", ""}}));
  ASSERT_NE(overrideFor(s, "dhcp", "mode"), nullptr);
  EXPECT_EQ(overrideFor(s, "dhcp", "mode")->value, "proxy");
  EXPECT_EQ(overrideFor(s, "dhcp", "mode")->origin, "flag -dhcp-mode");
  ASSERT_NE(overrideFor(s, "backend-file", "path"), nullptr);
  EXPECT_EQ(overrideFor(s, "backend-file", "path")->origin, "env SMEE_BACKEND_FILE_PATH");
  EXPECT_EQ(overrideFor(s, "tftp", "port"), nullptr);
}

TEST(SmeeFlags, EnabledFlagsBecomeToggles) {
  auto s = resolveSmeeSettings({{"backend-file-enabled", "true"}, {"dhcp-enabled", "false"}},
                               envFrom({{"SMEE_SYSLOG_ENABLED", "0"}}));
  ASSERT_EQ(s.toggles.size(), 3u);
  std::map<std::string, bool> by_plugin;
  for (const auto& t : s.toggles) by_plugin[t.plugin] = t.enabled;
  EXPECT_TRUE(by_plugin["backend-file"]);
  EXPECT_FALSE(by_plugin["dhcp"]);
  EXPECT_FALSE(by_plugin["syslog"]);
}

TEST(SmeeFlags, MalformedValuesNameTheirSource) {
  try {
    resolveSmeeSettings({}, envFrom({{"SMEE_DHCP_ENABLED", "yes"}}));
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(
        e.what(),
        "env SMEE_DHCP_ENABLED: invalid value \"yes\": expected a boolean (true or false)");
  }
  EXPECT_THROW(resolveSmeeSettings({{"tftp-timeout", "5 seconds"}}, envFrom({})), Error);
  try {
    resolveSmeeSettings({{"tftp-timeout", "1m30"}}, envFrom({}));
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "flag -tftp-timeout: invalid value \"1m30\": expected a duration such as 1m30s, "
                 "500ms or 5s (missing unit in duration \"1m30\" (units: ns, us, ms, s, m, h))");
  }
  // Go's syntax, as Smee took it.
  EXPECT_NO_THROW(
      resolveSmeeSettings({{"tftp-timeout", "1m30s"}}, envFrom({{"SMEE_TFTP_TIMEOUT", "2.5s"}})));
  EXPECT_THROW(resolveSmeeSettings({{"http-port", "80a"}}, envFrom({})), Error);
}

TEST(SmeeFlags, UsageGroupsByTagLikeSmee) {
  std::string usage = smeeFlagsUsage("192.0.2.5");
  auto pos = [&](const char* text) { return usage.find(text); };
  EXPECT_LT(pos("-log-level"), pos("-backend-file-enabled"));
  EXPECT_LT(pos("-backend-noop-enabled"), pos("-dhcp-addr"));
  EXPECT_LT(pos("-dhcp-tftp-port"), pos("-extra-kernel-args"));
  EXPECT_LT(pos("-tink-server-tls"), pos("-iso-enabled"));
  EXPECT_LT(pos("-syslog-port"), pos("-ipxe-script-patch"));
  EXPECT_LT(pos("-ipxe-script-patch"), pos("-tftp-addr"));
  EXPECT_NE(pos("[dhcp] local IP:Port to listen on for DHCP requests (default \"0.0.0.0:67\")"),
            std::string::npos);
  EXPECT_NE(pos("(default \"192.0.2.5\")"), std::string::npos);
}

}  // namespace
}  // namespace smee

namespace smee {
namespace {

// A value of the right form for each kind of flag.
std::string sampleValue(SmeeFlagKind kind) {
  switch (kind) {
    case SmeeFlagKind::Bool:
      return "false";
    case SmeeFlagKind::Int:
      return "7";
    case SmeeFlagKind::Duration:
      return "3s";
    case SmeeFlagKind::String:
      return "x";
  }
  return "";
}

TEST(SmeeFlags, EveryFlagAndItsVariableLandOnTheSameTarget) {
  for (const auto& flag : smeeFlags()) {
    std::string name(flag.name);
    std::string value = sampleValue(flag.kind);
    auto from_flag = resolveSmeeSettings({{name, value}}, envFrom({}));
    auto from_env = resolveSmeeSettings({}, envFrom({{smeeEnvName(flag.name), value}}));
    if (!flag.toggles.empty()) {
      ASSERT_EQ(from_flag.toggles.size(), 1u) << name;
      ASSERT_EQ(from_env.toggles.size(), 1u) << name;
      EXPECT_EQ(from_flag.toggles[0].plugin, flag.toggles) << name;
      EXPECT_EQ(from_env.toggles[0].plugin, flag.toggles) << name;
      EXPECT_FALSE(from_env.toggles[0].enabled) << name;
      EXPECT_EQ(from_env.toggles[0].origin, "env " + smeeEnvName(flag.name));
      continue;
    }
    // -dhcp-syslog-ip also reaches the script generator (syslog_host=) and
    // the ISO patcher; the Tink server and extra arguments the ISO patcher.
    std::size_t targets =
        name == "dhcp-syslog-ip"                                                              ? 3u
        : (name == "tink-server" || name == "tink-server-tls" || name == "extra-kernel-args") ? 2u
                                                                                              : 1u;
    ASSERT_EQ(from_flag.overrides.size(), targets) << name;
    ASSERT_EQ(from_env.overrides.size(), targets) << name;
    for (const auto* o : {&from_flag.overrides[0], &from_env.overrides[0]}) {
      EXPECT_EQ(o->block, flag.block) << name;
      EXPECT_EQ(o->key, flag.key) << name;
      EXPECT_EQ(o->value, value) << name;
    }
    EXPECT_EQ(from_flag.overrides[0].origin, "flag -" + name);
  }
}

TEST(SmeeFlags, IsoPatcherGetsTheKernelArgumentValues) {
  auto s = resolveSmeeSettings({{"tink-server", "10.0.0.1:42113"},
                                {"dhcp-syslog-ip", "10.0.0.2"},
                                {"tink-server-tls", "true"},
                                {"extra-kernel-args", "a=1"}},
                               envFrom({}));
  std::map<std::string, std::string> iso;
  for (const auto& o : s.overrides) {
    if (o.block == "iso") iso[o.key] = o.value;
  }
  EXPECT_EQ(iso, (std::map<std::string, std::string>{{"tink_server", "10.0.0.1:42113"},
                                                     {"syslog_host", "10.0.0.2"},
                                                     {"tink_server_tls", "true"},
                                                     {"extra_kernel_args", "a=1"}}));
}

}  // namespace
}  // namespace smee
