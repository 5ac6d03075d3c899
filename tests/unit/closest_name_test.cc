#include "smee/closest_name.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace smee {
namespace {

const std::vector<std::string> kNames{"address",  "ipAddress", "subnetMask", "gateway",
                                      "hostname", "netboot",   "allowPxe",   "mac"};

// What closestName answers, by filling every table: the candidate with the
// fewest edits below the limit, the first of equals.
std::optional<std::string> everyTable(const std::string& wanted, std::size_t max_distance) {
  std::string key = wanted;
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::optional<std::string> best;
  std::size_t best_distance = max_distance;
  for (const std::string& name : kNames) {
    std::string candidate = name;
    for (char& c : candidate) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::size_t d = editDistance(key, candidate); d < best_distance) {
      best_distance = d;
      best = name;
    }
  }
  return best;
}

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(editDistance("", ""), 0u);
  EXPECT_EQ(editDistance("", "mac"), 3u);
  EXPECT_EQ(editDistance("adress", "address"), 1u);
  EXPECT_EQ(editDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(editDistance("gateway", "gateway"), 0u);
}

TEST(ClosestName, SuggestsTheNearestNameBelowTheLimitIgnoringCase) {
  EXPECT_EQ(closestName("adress", kNames), "address");
  EXPECT_EQ(closestName("IPADDRES", kNames), "ipAddress");
  EXPECT_EQ(closestName("gatway", kNames), "gateway");
  EXPECT_EQ(closestName("hostnameXY", kNames), "hostname");  // 2 edits
  EXPECT_FALSE(closestName("hostnameXYZ", kNames));          // 3 edits: not below 3
  EXPECT_FALSE(closestName("completely-different", kNames));
  EXPECT_FALSE(closestName("", kNames));
}

TEST(ClosestName, AVeryLongKeyGetsNoSuggestionAndAShortOneStillDoes) {
  // A key far longer than every name cannot be within the limit: the
  // answer is "none", and it comes without filling a table per name.
  const std::string long_key = "address" + std::string(200000, 'x');
  EXPECT_FALSE(closestName(long_key, kNames));
  EXPECT_EQ(closestName("addressxx", kNames), "address");
}

TEST(ClosestName, SkippingNamesOfDistantLengthChangesNoAnswer) {
  // Random keys near and far from the names, every limit from 0 to 5: the
  // answer is the one the full tables give.
  std::mt19937 random(20261205);
  const std::string letters = "adesmnpgtwlhoxAIPS";
  for (int round = 0; round < 4000; ++round) {
    std::string key;
    if (round % 2 == 0) {
      key = kNames[random() % kNames.size()];
      for (int edits = static_cast<int>(random() % 4); edits > 0; --edits) {
        std::size_t at = key.empty() ? 0 : random() % (key.size() + 1);
        switch (random() % 3) {
          case 0:
            key.insert(at, 1, letters[random() % letters.size()]);
            break;
          case 1:
            if (at < key.size()) key.erase(at, 1);
            break;
          default:
            if (at < key.size()) key[at] = letters[random() % letters.size()];
        }
      }
    } else {
      for (std::size_t n = random() % 14; n > 0; --n) key += letters[random() % letters.size()];
    }
    for (std::size_t limit = 0; limit <= 5; ++limit) {
      EXPECT_EQ(closestName(key, kNames, limit), everyTable(key, limit))
          << "key \"" << key << "\", limit " << limit;
    }
  }
}

}  // namespace
}  // namespace smee
