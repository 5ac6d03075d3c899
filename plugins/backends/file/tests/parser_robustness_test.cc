// Whatever bytes arrive, the parser answers with an error or records: it
// never throws and never crashes. A cheap stand-in for the libFuzzer target.

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "example_documents.h"
#include "hardware_index.h"
#include "hardware_parser.h"

namespace smee::backend_file {
namespace {

// Parses and, when usable, indexes and queries, so the whole path is hit.
void exercise(const std::string& bytes) {
  ParseOutcome outcome = parseHardwareDocument(bytes);
  if (!outcome.ok()) {
    EXPECT_FALSE(outcome.error->message.empty());
    EXPECT_GE(outcome.error->line, 0);
    return;
  }
  std::vector<MacAddress> macs;
  for (const auto& record : outcome.records) macs.push_back(record.dhcp.mac);
  HardwareIndex index(std::move(outcome.records), outcome.malformed, "fuzz.yaml");
  for (const auto& mac : macs) {
    EXPECT_NE(index.byMac(mac).status, LookupStatus::NotFound);
  }
}

const std::vector<std::string>& seeds() {
  static const std::vector<std::string> kSeeds = {testing::kSmeeExample, testing::kHardwareExample};
  return kSeeds;
}

TEST(ParserRobustness, EveryPrefixOfTheExamples) {
  for (const std::string& seed : seeds()) {
    for (std::size_t length = 0; length <= seed.size(); ++length) {
      SCOPED_TRACE(length);
      exercise(seed.substr(0, length));
    }
  }
}

TEST(ParserRobustness, RandomByteMutations) {
  std::mt19937 random(20240229);  // fixed: a failure must be reproducible
  // Bytes YAML cares about, plus arbitrary ones.
  static constexpr char kInteresting[] = ":-[]{}&*!|>'\"%@`#,? \t\n\r\0\xff\xfe\xef\xbb\xbf";
  const std::string interesting(kInteresting, sizeof kInteresting - 1);
  for (const std::string& seed : seeds()) {
    for (int round = 0; round < 300; ++round) {
      std::string bytes = seed;
      const int edits = 1 + static_cast<int>(random() % 8);
      for (int e = 0; e < edits && !bytes.empty(); ++e) {
        const std::size_t at = random() % bytes.size();
        switch (random() % 4) {
          case 0:
            bytes[at] = static_cast<char>(random() % 256);
            break;
          case 1:
            bytes[at] = interesting[random() % interesting.size()];
            break;
          case 2:
            bytes.erase(at, 1 + random() % 16);
            break;
          case 3:
            bytes.insert(at, seed.substr(random() % seed.size(), random() % 64));
            break;
        }
      }
      SCOPED_TRACE(round);
      exercise(bytes);
    }
  }
}

TEST(ParserRobustness, HostileShapes) {
  const std::vector<std::string> hostile = {
      std::string(5000, '['),  // deep nesting
      std::string(5000, '{'),
      "a: &a [*a, *a]\n",  // self-referencing alias
      "&x {k: *x}\n",
      std::string("\"aa:bb:cc:dd:ee:01\": &r {ipAddress: 192.0.2.1, subnetMask: 255.255.255.0, ") +
          "nameServers: &n [*n, *n, *n]}\n",
      "- &h {apiVersion: tinkerbell.org/v1alpha1, kind: Hardware, spec: {interfaces: [*h]}}\n",
      "? [complex, key]\n: value\n",
      "!!binary aGVsbG8=\n",
      "%YAML 1.2\n---\n[]\n...\n",
      "\xef\xbb\xbf\"aa:bb:cc:dd:ee:01\": {ipAddress: 192.0.2.1, subnetMask: 255.255.255.0}\n",
      std::string("a: b\0c: d\n", 10),
      "*undefined_alias\n",
      "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - x\n",
      // yaml-cpp 0.7's LoadAll loops forever on these (see yaml_documents.h).
      ",",
      ",a: b\n",
      "a: b\n---\n,\n",
      "- macro: m\n  condition:\n    (a in (\n\"x\",\n    \"y\"\n    )  )\n",
  };
  for (const std::string& bytes : hostile) {
    SCOPED_TRACE(bytes.substr(0, 60));
    exercise(bytes);
  }
}

}  // namespace
}  // namespace smee::backend_file
