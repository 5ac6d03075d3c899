// The streaming reader and the packed index against the plain path: the
// same documents read as one whole yaml-cpp tree by the same field readers,
// and indexed by HardwareIndex, must give the same records, problems and
// lookup answers.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <climits>
#include <tuple>

#include "example_documents.h"
#include "file_backend.h"
#include "file_content.h"
#include "generated_fleet.h"
#include "hardware_index.h"
#include "hardware_object_format.h"
#include "hardware_parser.h"
#include "packed_hardware_index.h"
#include "record_compare.h"
#include "smee_format.h"
#include "test_support.h"
#include "yaml_cpp_tree.h"

namespace smee::backend_file {
namespace {

using testing::firstDifference;

MacAddress mac(const char* text) { return *MacAddress::parse(text); }
Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }

void sortProblems(std::vector<RecordProblem>& problems) {
  std::sort(problems.begin(), problems.end(), [](const RecordProblem& a, const RecordProblem& b) {
    return std::tie(a.line, a.column, a.subject, a.field, a.message) <
           std::tie(b.line, b.column, b.subject, b.field, b.message);
  });
}

// How the file was read before streaming: the whole text as one yaml-cpp
// tree per document, then the same format readers.
ParseOutcome readAsWholeTree(const std::string& yaml) {
  ParseOutcome outcome;
  ParseCollector collector(outcome);
  for (const YAML::Node& document : YAML::LoadAll(yaml)) {
    const YamlNode::Ptr tree = fromYamlCpp(document);
    if (tree->isSequence() || (tree->isMap() && looksLikeKubernetesObject(*tree))) {
      outcome.format = HardwareFormat::HardwareObjects;
      parseHardwareObjects(*tree, collector);
    } else if (tree->isMap()) {
      outcome.format = HardwareFormat::SmeeMacMapping;
      parseSmeeMacMapping(*tree, collector);
    }
  }
  collector.reportDuplicates();
  sortProblems(outcome.problems);
  return outcome;
}

void expectSameOutcome(const ParseOutcome& expected, ParseOutcome actual) {
  ASSERT_TRUE(actual.ok()) << actual.error->message;
  EXPECT_EQ(actual.format, expected.format);
  ASSERT_EQ(actual.records.size(), expected.records.size());
  for (std::size_t i = 0; i < expected.records.size(); ++i) {
    EXPECT_EQ(firstDifference(expected.records[i], actual.records[i]), "") << "record " << i;
  }
  ASSERT_EQ(actual.malformed.size(), expected.malformed.size());
  for (std::size_t i = 0; i < expected.malformed.size(); ++i) {
    EXPECT_EQ(actual.malformed[i].mac, expected.malformed[i].mac);
    EXPECT_EQ(actual.malformed[i].reason, expected.malformed[i].reason);
    EXPECT_EQ(actual.malformed[i].line, expected.malformed[i].line);
  }
  sortProblems(actual.problems);
  ASSERT_EQ(actual.problems.size(), expected.problems.size());
  for (std::size_t i = 0; i < expected.problems.size(); ++i) {
    const RecordProblem& want = expected.problems[i];
    const RecordProblem& got = actual.problems[i];
    EXPECT_EQ(std::tie(got.subject, got.field, got.message, got.line, got.column),
              std::tie(want.subject, want.field, want.message, want.line, want.column));
  }
}

// Every MAC and IP of the document, plus one nobody has, asked of both
// indexes: the same status, detail and record.
void expectSameLookups(const std::string& yaml) {
  ParseOutcome plain_outcome = parseHardwareDocument(yaml);
  ASSERT_TRUE(plain_outcome.ok());
  std::vector<MacAddress> macs{mac("02:ff:ff:ff:ff:ff")};
  std::vector<Ipv4Address> ips{ip("198.51.100.77")};
  for (const auto& record : plain_outcome.records) {
    macs.push_back(record.dhcp.mac);
    if (record.dhcp.ip) ips.push_back(*record.dhcp.ip);
  }
  for (const auto& bad : plain_outcome.malformed) {
    macs.push_back(bad.mac);
    if (bad.ip) ips.push_back(*bad.ip);
  }
  const HardwareIndex plain(std::move(plain_outcome.records), plain_outcome.malformed, "hw.yaml");
  PackedIndexBuilder builder;
  ASSERT_TRUE(parseHardwareDocument(yaml, builder).ok());
  const auto packed = builder.build("hw.yaml");
  EXPECT_EQ(packed->recordCount(), plain.recordCount());
  EXPECT_EQ(packed->malformedCount(), plain.malformedCount());
  const auto same = [](const LookupResult& want, const LookupResult& got, const std::string& key) {
    EXPECT_EQ(got.status, want.status) << key;
    EXPECT_EQ(got.detail, want.detail) << key;
    if (want.found() && got.found()) {
      EXPECT_EQ(firstDifference(*want.record, *got.record), "") << key;
    }
  };
  for (const auto& m : macs) same(plain.byMac(m), packed->byMac(m), m.toString());
  for (const auto& a : ips) same(plain.byIp(a), packed->byIp(a), a.toString());
}

// Duplicates, malformed records, a shared IP, anchors across records.
constexpr const char* kAwkward = R"(
defaults: &net {subnetMask: 255.255.255.0, defaultGateway: 192.0.2.1}
"aa:bb:cc:dd:ee:01": {ipAddress: 192.0.2.11, subnetMask: 255.255.255.0, hostname: one}
"AA:BB:CC:DD:EE:01": {ipAddress: 192.0.2.12, subnetMask: 255.255.255.0}
"aa:bb:cc:dd:ee:03": {ipAddress: 192.0.2.13}
"aa:bb:cc:dd:ee:04": {ipAddress: 192.0.2.14, subnetMask: 255.255.255.0, ipadress: x}
"aa:bb:cc:dd:ee:05": {ipAddress: 192.0.2.14, subnetMask: 255.255.255.0}
"aa:bb:cc:dd:ee:06":
  ipAddress: 192.0.2.16
  subnetMask: 255.255.255.0
  netboot: &nb {allowPxe: yes, ipxeScriptUrl: "http://192.0.2.5/a.ipxe", facility: lab}
"aa:bb:cc:dd:ee:07": {ipAddress: 192.0.2.17, subnetMask: 255.255.255.0, netboot: *nb}
"aa:bb:cc:dd:ee:08": {ipAddress: 192.0.2.18, subnetMask: 255.255.255.0, hostname: "null", arch: null}
"aa:bb:cc:dd:ee:09": {ipAddress: 192.0.2.19, subnetMask: 255.255.255.0, netboot: {ipxeScriptUrl: ftp://x}}
)";

TEST(StreamingReader, ReadsWhatTheWholeTreeReadingReads) {
  const std::vector<std::string> documents = {
      testing::kSmeeExample,
      testing::kHardwareExample,
      kAwkward,
      testing::smeeFleet(300),
      testing::hardwareListFleet(300),
      // Several documents, a single object, a HardwareList with kind first.
      testing::hardwareListFleet(3) + "---\n" + testing::kHardwareExample,
      "kind: HardwareList\napiVersion: tinkerbell.org/v1alpha1\nitems:\n"
      "- {apiVersion: tinkerbell.org/v1alpha1, kind: Hardware, metadata: {name: a},\n"
      "   spec: {interfaces: [{dhcp: {mac: \"aa:bb:cc:00:00:01\"}}]}}\n",
  };
  for (const std::string& yaml : documents) {
    SCOPED_TRACE(yaml.substr(0, 80));
    expectSameOutcome(readAsWholeTree(yaml), parseHardwareDocument(yaml));
  }
}

TEST(StreamingReader, PackedIndexAnswersAsTheHardwareIndex) {
  for (const std::string& yaml :
       {std::string(testing::kSmeeExample), std::string(testing::kHardwareExample),
        std::string(kAwkward), testing::smeeFleet(500), testing::hardwareListFleet(200)}) {
    SCOPED_TRACE(yaml.substr(0, 80));
    expectSameLookups(yaml);
  }
}

TEST(StreamingReader, KeepsReadAheadItemsOnlyForAList) {
  // items before kind, as kubectl prints a List: served.
  const std::string list = testing::hardwareListFleet(4);
  EXPECT_EQ(parseHardwareDocument(list).records.size(), 4u);
  // The same items under a Hardware object are not a List's: nothing served.
  std::string not_a_list = list;
  not_a_list.replace(not_a_list.find("kind: List"), 10, "kind: Hardware");
  const ParseOutcome object = parseHardwareDocument(not_a_list);
  ASSERT_TRUE(object.ok());
  EXPECT_TRUE(object.records.empty());
  // Two `items` keys: the last one is the List's, as with any repeated key.
  const ParseOutcome twice =
      parseHardwareDocument(list +
                            "items:\n- {apiVersion: tinkerbell.org/v1alpha1, kind: Hardware,\n"
                            "   spec: {interfaces: [{dhcp: {mac: \"aa:bb:cc:00:00:09\"}}]}}\n");
  ASSERT_TRUE(twice.ok());
  ASSERT_EQ(twice.records.size(), 1u);
  EXPECT_EQ(twice.records[0].dhcp.mac, mac("aa:bb:cc:00:00:09"));
}

TEST(StreamingReader, AMappingWithMacKeysIsSmeesFormatEvenWithAKindKeyLater) {
  const ParseOutcome outcome = parseHardwareDocument(
      "\"aa:bb:cc:dd:ee:01\": {ipAddress: 192.0.2.11, subnetMask: 255.255.255.0}\n"
      "kind: Hardware\n");
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.format, HardwareFormat::SmeeMacMapping);
  EXPECT_EQ(outcome.records.size(), 1u);
  ASSERT_EQ(outcome.problems.size(), 1u);
  EXPECT_EQ(outcome.problems[0].message, "\"kind\" is not a MAC address; record ignored");
}

TEST(StreamingReader, RejectsAnAliasToAnAnchorNotYetComplete) {
  const ParseOutcome outcome = parseHardwareDocument("a: &a [*a, *a]\n");
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error->message, "invalid YAML: unknown anchor *a");
  EXPECT_EQ(outcome.error->line, 1);
}

TEST(StreamingReader, StopsAtAbsurdNesting) {
  const ParseOutcome outcome = parseHardwareDocument("a: " + std::string(1000, '['));
  ASSERT_FALSE(outcome.ok());
  EXPECT_NE(outcome.error->message.find("nested deeper than"), std::string::npos)
      << outcome.error->message;
}

// What the file backend does: the parse reads the file a chunk at a time.
ParseOutcome parseFileInChunks(const std::filesystem::path& path, PackedIndexBuilder& builder) {
  HardwareFile file;
  EXPECT_TRUE(file.open(path)) << file.error();
  return parseHardwareDocument(file, builder);
}

TEST(StreamingReader, AFileReadInChunksGivesWhatItsTextGives) {
  testing::TempDir dir;
  const std::filesystem::path path = dir.path() / "hardware.yaml";
  // 2,000 machines are about 340 KiB: many of libyaml's reads.
  for (const std::string& yaml :
       {std::string(kAwkward), testing::smeeFleet(2000), testing::hardwareListFleet(500)}) {
    SCOPED_TRACE(yaml.substr(0, 80));
    testing::writeFile(path, yaml);
    PackedIndexBuilder from_text, from_file;
    const ParseOutcome text_outcome = parseHardwareDocument(yaml, from_text);
    const ParseOutcome file_outcome = parseFileInChunks(path, from_file);
    ASSERT_TRUE(file_outcome.ok()) << file_outcome.error->message;
    EXPECT_EQ(file_outcome.problems.size(), text_outcome.problems.size());
    EXPECT_EQ(from_file.recordCount(), from_text.recordCount());
    EXPECT_EQ(from_file.malformedCount(), from_text.malformedCount());
    const auto a = from_text.build("a"), b = from_file.build("b");
    for (std::uint32_t i = 1; i <= 2000; i += 97) {
      const MacAddress m = testing::fleetMac(i);
      EXPECT_EQ(a->byMac(m).status, b->byMac(m).status) << m.toString();
    }
  }
}

// The wording of a mistake depends on the character libyaml stopped on,
// which a chunked read must still find far into the file.
TEST(StreamingReader, AMistakeDeepInAFileIsWordedAsInItsText) {
  testing::TempDir dir;
  const std::filesystem::path path = dir.path() / "hardware.yaml";
  const std::vector<std::pair<std::string, std::string>> mistakes = {
      {"\t", "invalid YAML: illegal tab when looking for indentation"},
      {",", "invalid YAML: unexpected \",\" outside [ ] or { }"}};
  for (const auto& [mistake, wording] : mistakes) {
    const std::string yaml =
        testing::smeeFleet(2000) + "\"aa:bb:cc:dd:ee:ff\":\n" + mistake + "ipAddress: 1\n";
    testing::writeFile(path, yaml);
    PackedIndexBuilder from_text, from_file;
    const ParseOutcome text_outcome = parseHardwareDocument(yaml, from_text);
    const ParseOutcome file_outcome = parseFileInChunks(path, from_file);
    ASSERT_FALSE(text_outcome.ok());
    ASSERT_FALSE(file_outcome.ok());
    EXPECT_EQ(text_outcome.error->message, wording);
    EXPECT_EQ(file_outcome.error->message, wording);
    EXPECT_EQ(file_outcome.error->line, text_outcome.error->line);
    EXPECT_EQ(file_outcome.error->column, text_outcome.error->column);
    EXPECT_GT(file_outcome.error->line, 2000);
  }
}

TEST(HardwareFile, HashesAsTheWholeTextAndRefusesWhatIsNotAFile) {
  testing::TempDir dir;
  const std::filesystem::path path = dir.path() / "hardware.yaml";
  const std::string yaml = testing::smeeFleet(1000);
  testing::writeFile(path, yaml);
  HardwareFile file;
  ASSERT_TRUE(file.open(path));
  char head[100];
  std::size_t got = 0;
  ASSERT_TRUE(file.read(head, sizeof head, got));
  EXPECT_EQ(got, sizeof head);
  ASSERT_TRUE(file.readToEnd());
  EXPECT_EQ(file.hash(), contentHash(yaml));
  EXPECT_EQ(hashHardwareFile(path), contentHash(yaml));

  const FileRead whole = readHardwareFile(path);
  ASSERT_TRUE(whole.ok);
  EXPECT_EQ(whole.bytes, yaml);

  HardwareFile missing;
  EXPECT_FALSE(missing.open(dir.path() / "absent.yaml"));
  EXPECT_EQ(missing.error(), "cannot open: No such file or directory");
  EXPECT_EQ(hashHardwareFile(dir.path() / "absent.yaml"), std::nullopt);
  HardwareFile directory;
  EXPECT_FALSE(directory.open(dir.path()));
  EXPECT_EQ(directory.error(), "is not a regular file");
}

TEST(PackedIndex, HoldsAFleetInAFewBytesPerMachine) {
  constexpr std::uint32_t kMachines = 20000;
  PackedIndexBuilder builder;
  ASSERT_TRUE(parseHardwareDocument(testing::smeeFleet(kMachines), builder).ok());
  const auto index = builder.build("hw.yaml");
  ASSERT_EQ(index->recordCount(), kMachines);
  // 24 bytes of record, 4 of IP order, the hostname's text and its offset;
  // every 7th machine has its own script URL and so its own profile (about
  // 130 bytes). A HardwareRecord per machine would be over 600 bytes.
  EXPECT_LT(index->bytes(), kMachines * 72u) << index->bytes();
}

struct FileFleet : ::testing::Test {
  testing::TempDir dir;
  testing::CapturedLog log;
  Metrics metrics;
  std::filesystem::path file = dir / "hardware.yaml";
  FileBackend backend{file, log.logger, metrics};
};

// Machines read through the file backend, field by field, against what the
// generator wrote for them.
TEST_F(FileFleet, AnswersEachMachineFieldByField) {
  constexpr std::uint32_t kMachines = 3000;
  testing::writeFile(file, testing::smeeFleet(kMachines));
  const LoadReport report = backend.load(LoadTrigger::Startup);
  ASSERT_TRUE(report.ok) << report.error;
  EXPECT_EQ(report.records, kMachines);
  EXPECT_EQ(report.problems, 0u);
  for (std::uint32_t i : {0u, 1u, 7u, 55u, 143u, 2999u}) {
    SCOPED_TRACE(i);
    const LookupResult by_mac = backend.byMac(testing::fleetMac(i));
    ASSERT_TRUE(by_mac.found()) << by_mac.detail;
    const HardwareRecord& r = *by_mac.record;
    EXPECT_EQ(r.dhcp.mac, testing::fleetMac(i));
    EXPECT_EQ(r.dhcp.ip, testing::fleetIp(i));
    EXPECT_EQ(r.dhcp.subnet_mask, ip("255.0.0.0"));
    EXPECT_EQ(r.dhcp.default_gateway, ip("10.0.0.1"));
    EXPECT_EQ(r.dhcp.name_servers, (std::vector{ip("10.0.0.53"), ip("10.0.0.54")}));
    EXPECT_EQ(r.dhcp.hostname, testing::fleetHostname(i));
    EXPECT_EQ(r.dhcp.lease_time, 86400u);
    EXPECT_EQ(r.dhcp.arch, "x86_64");
    EXPECT_EQ(r.dhcp.disabled, i % 11 == 0);
    EXPECT_FALSE(r.dhcp.broadcast_address.has_value());
    EXPECT_EQ(r.dhcp.classless_routes.size(), i % 13 == 0 ? 2u : 0u);
    if (i % 13 == 0) {
      EXPECT_EQ(r.dhcp.classless_routes[1].destination.toString(), "192.168.0.0/16");
      EXPECT_EQ(r.dhcp.classless_routes[1].router, ip("10.0.0.3"));
    }
    EXPECT_EQ(r.netboot.allow_pxe, i % 2 == 0);
    EXPECT_EQ(r.netboot.facility, i % 5 == 0 ? "r" + std::to_string(i % 3) : "lab1");
    EXPECT_EQ(r.netboot.ipxe_script_url,
              i % 7 == 0 ? "http://10.0.0.5/" + testing::fleetHostname(i) + ".ipxe" : "");
    EXPECT_EQ(r.netboot.osie.base_url, "http://10.0.0.5/hook");
    EXPECT_EQ(r.netboot.osie.kernel_params, std::vector<std::string>{"console=ttyS0"});
    EXPECT_TRUE(r.name.empty());
    const LookupResult by_ip = backend.byIp(testing::fleetIp(i));
    ASSERT_TRUE(by_ip.found()) << by_ip.detail;
    EXPECT_EQ(firstDifference(r, *by_ip.record), "");
  }
  EXPECT_EQ(backend.byMac(testing::fleetMac(kMachines)).status, LookupStatus::NotFound);
}

TEST_F(FileFleet, ServesAKubectlListOfHardwareObjects) {
  testing::writeFile(file, testing::hardwareListFleet(500));
  ASSERT_TRUE(backend.load(LoadTrigger::Startup).ok);
  const LookupResult result = backend.byIp(testing::fleetIp(77));
  ASSERT_TRUE(result.found()) << result.detail;
  EXPECT_EQ(result.record->name, testing::fleetHostname(77));
  EXPECT_EQ(result.record->namespace_, "tink-system");
  EXPECT_EQ(result.record->dhcp.mac, testing::fleetMac(77));
  EXPECT_EQ(result.record->dhcp.broadcast_address, ip("10.255.255.255"));
  EXPECT_EQ(result.record->netboot.ipxe_script_url, "http://10.0.0.5/node-77.ipxe");
}

}  // namespace
}  // namespace smee::backend_file
