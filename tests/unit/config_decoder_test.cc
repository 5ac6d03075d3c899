#include "config_decoder.h"

#include <gtest/gtest.h>

#include "smee/errors.h"

namespace smee {
namespace {

ConfigSchema dhcpSchema() {
  return {
      {.key = "mode",
       .type = ConfigType::Enum,
       .default_value = "reservation",
       .choices = {"reservation", "proxy", "auto-proxy"}},
      {.key = "port", .type = ConfigType::Int, .default_value = "67", .min = 1, .max = 65535},
      {.key = "timeout", .type = ConfigType::Duration, .default_value = "5s"},
      {.key = "enabled", .type = ConfigType::Bool, .default_value = "true"},
      {.key = "proxies", .type = ConfigType::StringList, .default_value = ""},
      {.key = "log.level", .type = ConfigType::String, .default_value = "info"},
  };
}

ConfigValues decode(const std::string& yaml, const std::vector<ConfigOverride>& overrides = {}) {
  YAML::Node node = YAML::Load(yaml);
  return decodeBlock("dhcp", dhcpSchema(), node, "smee.conf", overrides);
}

std::string errorOf(const std::string& yaml, const std::vector<ConfigOverride>& overrides = {}) {
  try {
    decode(yaml, overrides);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ConfigDecoder, DefaultsFillEveryKey) {
  auto values = decodeBlock("dhcp", dhcpSchema(), YAML::Node(), "smee.conf", {});
  EXPECT_EQ(values.getString("mode"), "reservation");
  EXPECT_EQ(values.getInt("port"), 67);
  EXPECT_EQ(values.getDuration("timeout").count(), 5000);
  EXPECT_TRUE(values.getBool("enabled"));
  EXPECT_TRUE(values.getStringList("proxies").empty());
  EXPECT_EQ(values.origin("mode"), "default");
  EXPECT_FALSE(values.isExplicit("mode"));
}

TEST(ConfigDecoder, ReadsValuesNestedKeysAndLists) {
  auto values =
      decode("mode: proxy\nport: 6767\nproxies: [10.0.0.0/8, 192.0.2.1]\nlog:\n  level: debug\n");
  EXPECT_EQ(values.getString("mode"), "proxy");
  EXPECT_EQ(values.getInt("port"), 6767);
  EXPECT_EQ(values.getStringList("proxies").size(), 2u);
  EXPECT_EQ(values.getString("log.level"), "debug");
  EXPECT_EQ(values.origin("mode"), "smee.conf:1:7");
  EXPECT_TRUE(values.isExplicit("mode"));
}

TEST(ConfigDecoder, UnknownKeyNamesFileLineColumnAndKnownKeys) {
  EXPECT_EQ(errorOf("mode: proxy\nmodee: proxy\n"),
            "smee.conf:2:1: dhcp.modee: unknown key (known keys: mode, port, timeout, enabled, "
            "proxies, log.level)");
  EXPECT_EQ(errorOf("log:\n  levle: debug\n"),
            "smee.conf:2:3: dhcp.log.levle: unknown key (known keys: mode, port, timeout, "
            "enabled, proxies, log.level)");
}

TEST(ConfigDecoder, WrongTypesNameTheValuePosition) {
  EXPECT_EQ(errorOf("port: sixty\n"), "smee.conf:1:7: dhcp.port: expected an integer, got 'sixty'");
  EXPECT_EQ(errorOf("enabled: maybe\n"),
            "smee.conf:1:10: dhcp.enabled: expected true or false, got 'maybe'");
  EXPECT_EQ(errorOf("timeout: [1]\n"),
            "smee.conf:1:10: dhcp.timeout: expected a single duration value");
  EXPECT_EQ(errorOf("mode: prxy\n"),
            "smee.conf:1:7: dhcp.mode: expected one of reservation, proxy, auto-proxy, got 'prxy'");
  EXPECT_EQ(errorOf("proxies: {a: b}\n"), "smee.conf:1:10: dhcp.proxies: expected a list");
  EXPECT_EQ(errorOf("- mode\n"), "smee.conf:1:1: dhcp: the block must be a mapping of key: value");
  EXPECT_EQ(errorOf("log: debug\n"), "smee.conf:1:6: dhcp.log: must be a mapping");
}

TEST(ConfigDecoder, OverridesWinOverTheFileInOrder) {
  auto values = decode("mode: proxy\n", {{"dhcp", "mode", "auto-proxy", "env SMEE_DHCP_MODE"},
                                         {"other", "mode", "x", "flag -other"}});
  EXPECT_EQ(values.getString("mode"), "auto-proxy");
  EXPECT_EQ(values.origin("mode"), "env SMEE_DHCP_MODE");
  EXPECT_EQ(errorOf("", {{"dhcp", "port", "x", "flag -dhcp-port"}}),
            "flag -dhcp-port: dhcp.port: expected an integer, got 'x'");
}

TEST(ConfigDecoder, PluginErrorsPointAtTheValue) {
  auto values = decode("mode: proxy\n");
  try {
    rethrowWithOrigin("dhcp", values, "mode", "needs a backend");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "smee.conf:1:7: dhcp.mode: needs a backend");
  }
  try {
    rethrowWithOrigin("dhcp", values, "port", "in use");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "plugin 'dhcp' (default value): dhcp.port: in use");
  }
}

}  // namespace
}  // namespace smee
