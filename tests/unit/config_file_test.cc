#include "config_file.h"

#include <gtest/gtest.h>

#include "smee/errors.h"

namespace smee {
namespace {

std::string errorOf(const std::string& text) {
  try {
    parseConfigText(text, "smee.conf");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ConfigFile, SplitsCorePluginListAndBlocks) {
  auto doc = parseConfigText(
      "smee:\n  log: {level: debug}\nplugins: [backend-file, dhcp]\nbackend-file:\n  path: x\n",
      "smee.conf");
  EXPECT_TRUE(doc.core_block.IsMap());
  ASSERT_EQ(doc.plugins.size(), 2u);
  EXPECT_EQ(doc.plugins[0].name, "backend-file");
  EXPECT_EQ(doc.plugins[0].origin, "smee.conf:3:11");
  EXPECT_EQ(doc.blocks.count("backend-file"), 1u);
  EXPECT_EQ(doc.block_marks.at("backend-file").line, 3);
}

TEST(ConfigFile, EmptyFileIsAnEmptyConfig) {
  auto doc = parseConfigText("", "smee.conf");
  EXPECT_TRUE(doc.plugins.empty());
  EXPECT_TRUE(doc.blocks.empty());
}

TEST(ConfigFile, ErrorsCarryLineAndColumn) {
  EXPECT_EQ(errorOf("plugins: [a, b\n"),
            "smee.conf:2:1: invalid YAML: end of sequence flow not found");
  EXPECT_EQ(errorOf("- a\n- b\n"),
            "smee.conf:1:1: the config must be a mapping with 'smee', 'plugins' and one block "
            "per plugin");
  EXPECT_EQ(errorOf("plugins: dhcp\n"),
            "smee.conf:1:10: 'plugins' must be a list of plugin names, e.g. [backend-file, dhcp]");
  EXPECT_EQ(errorOf("plugins:\n  - dhcp\n  - dhcp\n"),
            "smee.conf:3:5: plugin 'dhcp' is listed twice");
  EXPECT_EQ(errorOf("plugins:\n  - {a: 1}\n"),
            "smee.conf:2:5: a plugin name must be a non-empty string");
}

TEST(ConfigFile, MissingFileIsAClearError) {
  try {
    loadConfigFile("/nonexistent/smee.conf");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/smee.conf: cannot read the config file: no such file");
  }
}

}  // namespace
}  // namespace smee
