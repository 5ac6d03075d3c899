#include "plugin_graph.h"

#include <gtest/gtest.h>

#include "smee/errors.h"

namespace smee {
namespace {

std::vector<std::string> orderedNames(const std::vector<PluginNode>& nodes) {
  std::vector<std::string> names;
  for (auto i : dependencyOrder(nodes)) names.push_back(nodes[i].name);
  return names;
}

std::string errorOf(const std::vector<PluginNode>& nodes) {
  try {
    dependencyOrder(nodes);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(PluginGraph, ProvidersComeFirstAndTiesKeepConfigOrder) {
  std::vector<PluginNode> nodes = {
      {"dhcp", {}, {"smee.dhcp.handler/v1:proxy", "smee.backend/v1"}},
      {"http", {}, {}},
      {"dhcp-proxy", {"smee.dhcp.handler/v1:proxy"}, {"smee.backend/v1"}},
      {"backend-file", {"smee.backend/v1:file"}, {}},
  };
  EXPECT_EQ(orderedNames(nodes),
            (std::vector<std::string>{"http", "backend-file", "dhcp-proxy", "dhcp"}));
}

TEST(PluginGraph, MissingRequirementNamesPluginAndService) {
  EXPECT_EQ(errorOf({{"dhcp", {}, {"smee.backend/v1"}}}),
            "plugin 'dhcp': requires a smee.backend/v1 service, which no loaded plugin provides");
  EXPECT_EQ(errorOf({{"dhcp", {}, {"smee.backend/v1:kube"}},
                     {"backend-file", {"smee.backend/v1:file"}, {}}}),
            "plugin 'dhcp': requires smee.backend/v1:kube, which no loaded plugin provides");
}

TEST(PluginGraph, OptionalRequirementOrdersWhenPresentAndIsNoErrorWhenAbsent) {
  EXPECT_EQ(orderedNames({{"http", {}, {"?smee.iso.patcher/v1"}},
                          {"iso", {"smee.iso.patcher/v1:magic-string"}, {}}}),
            (std::vector<std::string>{"iso", "http"}));
  EXPECT_EQ(orderedNames({{"http", {}, {"?smee.iso.patcher/v1", "?smee.x/v1:one"}}}),
            (std::vector<std::string>{"http"}));
}

TEST(PluginGraph, DuplicateProviderIsRefused) {
  EXPECT_EQ(errorOf({{"a", {"smee.backend/v1:file"}, {}}, {"b", {"smee.backend/v1:file"}, {}}}),
            "plugin 'b': service smee.backend/v1:file is already provided by plugin 'a'");
}

TEST(PluginGraph, CycleIsSpelledOut) {
  EXPECT_EQ(
      errorOf(
          {{"a", {"x/v1:a"}, {"y/v1"}}, {"b", {"y/v1:b"}, {"z/v1"}}, {"c", {"z/v1:c"}, {"x/v1"}}}),
      "plugin 'a': dependency cycle: a -> b -> c -> a");
}

TEST(PluginGraph, SelfProvidedRequirementIsNoCycle) {
  EXPECT_EQ(orderedNames({{"a", {"x/v1:a"}, {"x/v1"}}}), (std::vector<std::string>{"a"}));
}

}  // namespace
}  // namespace smee
