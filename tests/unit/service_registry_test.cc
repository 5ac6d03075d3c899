#include "smee/service_registry.h"

#include <gtest/gtest.h>

#include "smee/errors.h"

namespace smee {
namespace {

TEST(ServiceRegistry, KeyedByInterfaceAndInstance) {
  ServiceRegistry registry;
  auto a = std::make_shared<int>(1);
  auto b = std::make_shared<int>(2);
  registry.provide("smee.backend/v1", "file", a, "backend-file");
  registry.provide("smee.backend/v1", "noop", b, "backend-noop");
  registry.provide("smee.other/v1", "file", b, "other");
  ASSERT_NE(registry.find("smee.backend/v1", "file"), nullptr);
  EXPECT_EQ(registry.find("smee.backend/v1", "file")->impl, a);
  EXPECT_EQ(registry.find("smee.backend/v1", "file")->provider, "backend-file");
  EXPECT_EQ(registry.find("smee.backend/v1", "kube"), nullptr);
  EXPECT_EQ(registry.instances("smee.backend/v1"), (std::vector<std::string>{"file", "noop"}));
}

TEST(ServiceRegistry, RefusesDuplicatesNullAndWritesAfterFreeze) {
  ServiceRegistry registry;
  registry.provide("i/v1", "x", std::make_shared<int>(1), "p1");
  try {
    registry.provide("i/v1", "x", std::make_shared<int>(2), "p2");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "service i/v1:x is provided twice (by 'p1' and by 'p2')");
  }
  EXPECT_THROW(registry.provide("i/v1", "y", nullptr, "p1"), Error);
  registry.freeze();
  EXPECT_THROW(registry.provide("i/v1", "z", std::make_shared<int>(3), "p1"), Error);
  EXPECT_NE(registry.find("i/v1", "x"), nullptr);
}

}  // namespace
}  // namespace smee
