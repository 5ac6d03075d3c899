#include "http_backend_plugin.h"

#include <Poco/Net/SSLManager.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "fake_api_server.h"
#include "smee/errors.h"
#include "test_support.h"

namespace smee::backend_http {
namespace {

using backend_file::testing::FakeContext;
using backend_file::testing::TempDir;
using backend_file::testing::writeFile;

struct PluginTest : ::testing::Test {
  TempDir dir;
  FakeContext context{dir.path()};
  HttpBackendPlugin plugin;

  // The block as the core decodes it: the schema's defaults, then `set`.
  ConfigValues config(const std::map<std::string, std::string>& set) const {
    ConfigValues values;
    for (const ConfigKey& key : plugin.schema()) {
      const auto it = set.find(key.key);
      const std::string text = it == set.end() ? key.default_value : it->second;
      values.set(key.key, parseConfigValue(key, text), "test", it != set.end());
    }
    return values;
  }
  // The key and message of the ConfigError configure() throws.
  std::pair<std::string, std::string> error(const std::map<std::string, std::string>& set) {
    try {
      plugin.configure(config(set), context);
    } catch (const ConfigError& e) {
      return {e.key(), e.what()};
    }
    return {"", "no ConfigError"};
  }
  void TearDown() override { plugin.stop(); }
};

TEST_F(PluginTest, DescribesEveryKey) {
  std::vector<std::string> keys;
  for (const ConfigKey& key : plugin.schema()) keys.push_back(key.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"url", "timeout", "connect_timeout", "ttl",
                                            "negative_ttl", "max_stale", "cache_size", "workers",
                                            "queue_size", "breaker_failures", "breaker_cooldown",
                                            "ca_file", "token_file"}));
}

TEST_F(PluginTest, ProvidesTheBackendWithoutConnecting) {
  plugin.configure(config({{"url", "http://127.0.0.1:1/api/"}}), context);
  auto backend = context.find<BackendReader>("http");
  ASSERT_NE(backend, nullptr);
  EXPECT_TRUE(backend->ready());
  EXPECT_EQ(context.log().count("hardware API backend configured url=http://127.0.0.1:1/api/"), 1u);
}

TEST_F(PluginTest, RefusesBadValuesNamingTheKey) {
  writeFile(dir / "empty-token", "");
  writeFile(dir / "not-a-ca.pem", "hello\n");
  const std::string url = "https://127.0.0.1:1";
  struct Case {
    std::map<std::string, std::string> set;
    std::string key;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{}, "url", "is required"},
      {{{"url", "ftp://host"}}, "url", "the scheme must be http or https"},
      {{{"url", "http://"}}, "url", "has no host"},
      {{{"url", "http://u:p@host"}}, "url", "credentials in the URL are not sent"},
      {{{"url", "http://host/?x=1"}}, "url", "no query or fragment"},
      {{{"url", url}, {"timeout", "0"}}, "timeout", "must be above 0"},
      {{{"url", url}, {"connect_timeout", "3s"}},
       "connect_timeout",
       "must not be longer than timeout"},
      {{{"url", url}, {"ttl", "20m"}}, "max_stale", "must be at least ttl"},
      {{{"url", url}, {"negative_ttl", "0"}}, "negative_ttl", "must be above 0"},
      {{{"url", "http://host"}, {"ca_file", "ca.pem"}}, "ca_file", "is not https"},
      {{{"url", url}, {"ca_file", "missing.pem"}}, "ca_file", "cannot use CA file"},
      {{{"url", url}, {"ca_file", "not-a-ca.pem"}}, "ca_file", "cannot use CA file"},
      {{{"url", url}, {"token_file", "missing"}}, "token_file", "cannot read token file"},
      {{{"url", url}, {"token_file", "empty-token"}}, "token_file", "is empty"},
  };
  for (const Case& c : cases) {
    const auto [key, message] = error(c.set);
    EXPECT_EQ(key, c.key) << message;
    EXPECT_NE(message.find(c.message), std::string::npos) << c.key << ": " << message;
  }
}

TEST_F(PluginTest, RefusesOutOfRangeNumbersThroughTheSchema) {
  const ConfigSchema schema = plugin.schema();
  auto row = [&](const std::string& name) {
    return *std::find_if(schema.begin(), schema.end(),
                         [&](const ConfigKey& key) { return key.key == name; });
  };
  EXPECT_THROW(parseConfigValue(row("workers"), "0"), ConfigError);
  EXPECT_THROW(parseConfigValue(row("workers"), "65"), ConfigError);
  EXPECT_THROW(parseConfigValue(row("cache_size"), "-1"), ConfigError);
  EXPECT_THROW(parseConfigValue(row("ttl"), "5x"), ConfigError);
  EXPECT_NO_THROW(parseConfigValue(row("breaker_failures"), "0"));
}

}  // namespace
}  // namespace smee::backend_http
