// Smee's format: a mapping from MAC address to a record.

#include "hardware_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "example_documents.h"

namespace smee::backend_file {
namespace {

using testing::kSmeeExample;

Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }
MacAddress mac(const char* text) { return *MacAddress::parse(text); }

const HardwareRecord* recordFor(const ParseOutcome& outcome, const char* mac_text) {
  for (const auto& record : outcome.records) {
    if (record.dhcp.mac == mac(mac_text)) return &record;
  }
  return nullptr;
}

// Problems about `field` (exact) for `subject`.
std::vector<RecordProblem> problemsAbout(const ParseOutcome& outcome, const std::string& subject,
                                         const std::string& field) {
  std::vector<RecordProblem> found;
  for (const auto& problem : outcome.problems) {
    if (problem.subject == subject && problem.field == field) found.push_back(problem);
  }
  return found;
}

std::string allProblems(const ParseOutcome& outcome) {
  std::ostringstream out;
  for (const auto& p : outcome.problems) {
    out << p.line << ":" << p.column << " " << p.subject << " " << p.field << ": " << p.message
        << "\n";
  }
  return out.str();
}

TEST(SmeeFormat, ReadsEveryField) {
  const ParseOutcome outcome = parseHardwareDocument(kSmeeExample);
  ASSERT_TRUE(outcome.ok()) << outcome.error->message;
  EXPECT_EQ(outcome.format, HardwareFormat::SmeeMacMapping);
  const HardwareRecord* record = recordFor(outcome, "08:00:27:29:4e:67");
  ASSERT_NE(record, nullptr);
  const DhcpRecord& dhcp = record->dhcp;
  EXPECT_EQ(dhcp.ip, ip("192.168.2.153"));
  EXPECT_EQ(dhcp.subnet_mask, ip("255.255.255.0"));
  EXPECT_EQ(dhcp.default_gateway, ip("192.168.2.1"));
  EXPECT_EQ(dhcp.name_servers, (std::vector{ip("8.8.8.8"), ip("1.1.1.1")}));
  EXPECT_EQ(dhcp.hostname, "pxe-virtualbox");
  EXPECT_EQ(dhcp.domain_name, "example.com");
  EXPECT_EQ(dhcp.broadcast_address, ip("192.168.2.255"));
  EXPECT_EQ(dhcp.ntp_servers, (std::vector{ip("132.163.96.2"), ip("132.163.96.3")}));
  EXPECT_EQ(dhcp.lease_time, 86400u);
  EXPECT_EQ(dhcp.domain_search, (std::vector<std::string>{"example.com", "lab.example.com"}));
  EXPECT_EQ(dhcp.vlan_id, "42");
  EXPECT_EQ(dhcp.arch, "aarch64");
  EXPECT_FALSE(dhcp.disabled);
  ASSERT_EQ(dhcp.classless_routes.size(), 2u);
  EXPECT_EQ(dhcp.classless_routes[0].destination, *Ipv4Prefix::parse("10.0.0.0/8"));
  EXPECT_EQ(dhcp.classless_routes[0].router, ip("192.168.2.2"));
  EXPECT_EQ(dhcp.classless_routes[1].destination, *Ipv4Prefix::parse("172.16.0.0/12"));
  EXPECT_EQ(dhcp.tftp_server_name, "192.168.2.4");
  EXPECT_EQ(dhcp.boot_file_name, "nvos.bin");
  const NetbootRecord& netboot = record->netboot;
  EXPECT_TRUE(netboot.allow_pxe);
  EXPECT_EQ(netboot.ipxe_script_url, "https://boot.netboot.xyz");
  EXPECT_EQ(netboot.ipxe_script, "#!ipxe\nexit");
  EXPECT_EQ(netboot.ipxe_binary, "snp-arm64.efi");
  EXPECT_EQ(netboot.console, "ttyS0");
  EXPECT_EQ(netboot.facility, "onprem");
  EXPECT_EQ(netboot.osie.base_url, "http://192.168.2.5/hook");
  EXPECT_EQ(netboot.osie.kernel, "vmlinuz-x86_64");
  EXPECT_EQ(netboot.osie.initrd, "initramfs-x86_64");
  EXPECT_EQ(netboot.osie.kernel_params, (std::vector<std::string>{"console=ttyS0", "quiet"}));
  EXPECT_TRUE(record->name.empty());
}

TEST(SmeeFormat, MatchesRecordKeysAndMacKeysInAnyCase) {
  const ParseOutcome outcome = parseHardwareDocument(kSmeeExample);
  ASSERT_TRUE(outcome.ok());
  const HardwareRecord* record = recordFor(outcome, "52:54:00:aa:88:2a");  // written with dashes
  ASSERT_NE(record, nullptr) << allProblems(outcome);
  EXPECT_EQ(record->dhcp.ip, ip("192.168.2.15"));
  EXPECT_EQ(record->dhcp.subnet_mask, ip("255.255.255.0"));
  EXPECT_TRUE(record->netboot.allow_pxe);
  EXPECT_TRUE(problemsAbout(outcome, "52:54:00:aa:88:2a", "IPADDRESS").empty());
}

TEST(SmeeFormat, AcceptsDotAndUnquotedMacForms) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
0800.2729.4e67: {ipAddress: 192.0.2.1, subnetMask: 255.255.255.0}
08:00:27:29:4E:68:
  ipAddress: 192.0.2.2
  subnetMask: 255.255.255.0
)");
  ASSERT_TRUE(outcome.ok());
  EXPECT_NE(recordFor(outcome, "08:00:27:29:4e:67"), nullptr) << allProblems(outcome);
  EXPECT_NE(recordFor(outcome, "08:00:27:29:4e:68"), nullptr) << allProblems(outcome);
}

TEST(SmeeFormat, SkipsARecordWithABadAddressNamingMacAndFieldAndKeepsTheOthers) {
  const ParseOutcome outcome = parseHardwareDocument(kSmeeExample);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.records.size(), 2u);
  EXPECT_EQ(recordFor(outcome, "08:00:27:29:4e:68"), nullptr);
  const auto problems = problemsAbout(outcome, "08:00:27:29:4e:68", "ipAddress");
  ASSERT_EQ(problems.size(), 1u) << allProblems(outcome);
  EXPECT_EQ(problems[0].message, "\"3\" is not an IPv4 address");
  EXPECT_EQ(problems[0].impact, ProblemImpact::RecordMalformed);
  EXPECT_EQ(problems[0].line, 49);
  EXPECT_EQ(problems[0].column, 14);
  ASSERT_EQ(outcome.malformed.size(), 1u);
  EXPECT_EQ(outcome.malformed[0].mac, mac("08:00:27:29:4e:68"));
  EXPECT_EQ(outcome.malformed[0].reason, "ipAddress: \"3\" is not an IPv4 address");
  EXPECT_EQ(outcome.malformed[0].line, 48);
}

TEST(SmeeFormat, RequiresIpAddressAndAContiguousSubnetMask) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
"aa:bb:cc:dd:ee:01":
  subnetMask: 255.255.255.0
"aa:bb:cc:dd:ee:02":
  ipAddress: 192.0.2.2
  subnetMask: 255.0.255.0
"aa:bb:cc:dd:ee:03":
  ipAddress: 192.0.2.3
)");
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome.records.empty());
  ASSERT_EQ(outcome.malformed.size(), 3u);
  EXPECT_EQ(outcome.malformed[0].reason, "ipAddress: is missing; it is required");
  EXPECT_EQ(outcome.malformed[1].reason, "subnetMask: \"255.0.255.0\" is not a contiguous netmask");
  EXPECT_EQ(outcome.malformed[1].ip, ip("192.0.2.2"));
  EXPECT_EQ(outcome.malformed[2].reason, "subnetMask: is missing; it is required");
}

TEST(SmeeFormat, DropsABadGatewayOrBroadcastButKeepsTheRecord) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
"aa:bb:cc:dd:ee:01":
  ipAddress: 192.0.2.10
  subnetMask: 255.255.255.0
  defaultGateway: 192.0.2.300
  broadcastAddress: [1, 2]
)");
  ASSERT_TRUE(outcome.ok());
  const HardwareRecord* record = recordFor(outcome, "aa:bb:cc:dd:ee:01");
  ASSERT_NE(record, nullptr);
  EXPECT_FALSE(record->dhcp.default_gateway.has_value());
  EXPECT_FALSE(record->dhcp.broadcast_address.has_value());
  const auto gateway = problemsAbout(outcome, "aa:bb:cc:dd:ee:01", "defaultGateway");
  ASSERT_EQ(gateway.size(), 1u);
  EXPECT_EQ(gateway[0].impact, ProblemImpact::FieldDropped);
  EXPECT_EQ(gateway[0].line, 5);
  const auto broadcast = problemsAbout(outcome, "aa:bb:cc:dd:ee:01", "broadcastAddress");
  ASSERT_EQ(broadcast.size(), 1u);
  EXPECT_EQ(broadcast[0].message, "expected an IPv4 address, found a list");
}

TEST(SmeeFormat, SkipsInvalidNameAndTimeServersOneByOne) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
"aa:bb:cc:dd:ee:01":
  ipAddress: 192.0.2.10
  subnetMask: 255.255.255.0
  nameServers: [192.0.2.53, dns.example.com, 192.0.2.54]
  ntpServers: [nope, 192.0.2.123]
)");
  ASSERT_TRUE(outcome.ok());
  const HardwareRecord* record = recordFor(outcome, "aa:bb:cc:dd:ee:01");
  ASSERT_NE(record, nullptr);
  // Smee stopped at the first bad entry and lost 192.0.2.54.
  EXPECT_EQ(record->dhcp.name_servers, (std::vector{ip("192.0.2.53"), ip("192.0.2.54")}));
  EXPECT_EQ(record->dhcp.ntp_servers, (std::vector{ip("192.0.2.123")}));
  const auto dns = problemsAbout(outcome, "aa:bb:cc:dd:ee:01", "nameServers[1]");
  ASSERT_EQ(dns.size(), 1u) << allProblems(outcome);
  EXPECT_EQ(dns[0].message, "\"dns.example.com\" is not an IPv4 address");
  EXPECT_EQ(dns[0].line, 5);
  EXPECT_EQ(dns[0].column, 29);
  EXPECT_EQ(problemsAbout(outcome, "aa:bb:cc:dd:ee:01", "ntpServers[0]").size(), 1u);
}

struct LeaseCase {
  const char* name;
  const char* written;  // nullptr: no leaseTime key
  std::uint32_t expected;
  bool problem;
};

void PrintTo(const LeaseCase& c, std::ostream* out) { *out << c.name; }

class LeaseTime : public ::testing::TestWithParam<LeaseCase> {};

TEST_P(LeaseTime, FollowsTheDefaultRules) {
  std::string doc =
      "\"aa:bb:cc:dd:ee:01\":\n  ipAddress: 192.0.2.10\n  subnetMask: 255.255.255.0\n";
  if (GetParam().written != nullptr)
    doc += std::string("  leaseTime: ") + GetParam().written + "\n";
  const ParseOutcome outcome = parseHardwareDocument(doc);
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome.records.size(), 1u) << allProblems(outcome);
  EXPECT_EQ(outcome.records[0].dhcp.lease_time, GetParam().expected);
  EXPECT_EQ(problemsAbout(outcome, "aa:bb:cc:dd:ee:01", "leaseTime").size(),
            GetParam().problem ? 1u : 0u)
      << allProblems(outcome);
}

INSTANTIATE_TEST_SUITE_P(
    SmeeFormat, LeaseTime,
    ::testing::Values(
        LeaseCase{"Missing", nullptr, 604800, false}, LeaseCase{"Zero", "0", 604800, false},
        LeaseCase{"OneHour", "3600", 3600, false}, LeaseCase{"Negative", "-5", 604800, true},
        LeaseCase{"Largest", "4294967295", 4294967295u, false},
        LeaseCase{"TooLarge", "4294967296", 604800, true},
        LeaseCase{"Huge", "99999999999999999999999", 604800, true},
        LeaseCase{"Word", "abc", 604800, true}, LeaseCase{"Fraction", "1.5", 604800, true},
        LeaseCase{"Mapping", "{a: 1}", 604800, true}, LeaseCase{"Null", "~", 604800, false}),
    [](const ::testing::TestParamInfo<LeaseCase>& info) { return std::string(info.param.name); });

TEST(SmeeFormat, ReportsWrongTypesWithPositionAndNeverThrows) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
"aa:bb:cc:dd:ee:01":
  ipAddress: 192.0.2.10
  subnetMask: 255.255.255.0
  hostname: {first: a}
  disabled: maybe
  nameServers: 192.0.2.53
  netboot:
    allowPxe: [true]
)");
  ASSERT_TRUE(outcome.ok());
  const HardwareRecord* record = recordFor(outcome, "aa:bb:cc:dd:ee:01");
  ASSERT_NE(record, nullptr);
  EXPECT_TRUE(record->dhcp.hostname.empty());
  EXPECT_FALSE(record->dhcp.disabled);
  EXPECT_FALSE(record->netboot.allow_pxe);
  const auto hostname = problemsAbout(outcome, "aa:bb:cc:dd:ee:01", "hostname");
  ASSERT_EQ(hostname.size(), 1u);
  EXPECT_EQ(hostname[0].message, "expected a string, found a mapping");
  EXPECT_EQ(hostname[0].line, 5);
  EXPECT_EQ(hostname[0].column, 13);
  const auto disabled = problemsAbout(outcome, "aa:bb:cc:dd:ee:01", "disabled");
  ASSERT_EQ(disabled.size(), 1u);
  EXPECT_EQ(disabled[0].message, "expected true or false, found \"maybe\"");
  EXPECT_EQ(disabled[0].line, 6);
  EXPECT_EQ(problemsAbout(outcome, "aa:bb:cc:dd:ee:01", "nameServers").size(), 1u);
  EXPECT_EQ(problemsAbout(outcome, "aa:bb:cc:dd:ee:01", "netboot.allowPxe").size(), 1u);
}

TEST(SmeeFormat, WarnsAboutUnknownKeysButKeepsTheRecord) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
"aa:bb:cc:dd:ee:01":
  ipAddress: 192.0.2.10
  subnetMask: 255.255.255.0
  nameserver: [192.0.2.53]
  colour: blue
  netboot:
    alowPxe: true
)");
  ASSERT_TRUE(outcome.ok());
  EXPECT_NE(recordFor(outcome, "aa:bb:cc:dd:ee:01"), nullptr);
  const auto typo = problemsAbout(outcome, "aa:bb:cc:dd:ee:01", "nameserver");
  ASSERT_EQ(typo.size(), 1u) << allProblems(outcome);
  EXPECT_EQ(typo[0].message, "unknown key \"nameserver\" ignored; did you mean \"nameServers\"?");
  EXPECT_EQ(typo[0].impact, ProblemImpact::Note);
  EXPECT_EQ(typo[0].line, 5);
  EXPECT_EQ(typo[0].column, 3);
  const auto unknown = problemsAbout(outcome, "aa:bb:cc:dd:ee:01", "colour");
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].message, "unknown key \"colour\" ignored");
  const auto nested = problemsAbout(outcome, "aa:bb:cc:dd:ee:01", "netboot.alowPxe");
  ASSERT_EQ(nested.size(), 1u) << allProblems(outcome);
  EXPECT_NE(nested[0].message.find("did you mean \"allowPxe\""), std::string::npos);
}

TEST(SmeeFormat, NotesAKeyGivenTwiceInTwoSpellingsAndUsesTheLast) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
"aa:bb:cc:dd:ee:01":
  ipAddress: 192.0.2.10
  IPAddress: 192.0.2.11
  subnetMask: 255.255.255.0
)");
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome.records.size(), 1u);
  EXPECT_EQ(outcome.records[0].dhcp.ip, ip("192.0.2.11"));
  EXPECT_EQ(problemsAbout(outcome, "aa:bb:cc:dd:ee:01", "ipAddress").size(), 1u);
}

TEST(SmeeFormat, IgnoresAKeyThatIsNotAMac) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
"aa:bb:cc:dd:ee:zz":
  ipAddress: 192.0.2.10
  subnetMask: 255.255.255.0
"aa:bb:cc:dd:ee:01":
  ipAddress: 192.0.2.11
  subnetMask: 255.255.255.0
)");
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.records.size(), 1u);
  EXPECT_TRUE(outcome.malformed.empty());
  const auto problems = problemsAbout(outcome, "aa:bb:cc:dd:ee:zz", "mac");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].impact, ProblemImpact::RecordDropped);
  EXPECT_EQ(problems[0].line, 2);
}

TEST(SmeeFormat, MarksAnInvalidScriptUrlRecordMalformed) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
"aa:bb:cc:dd:ee:01":
  ipAddress: 192.0.2.10
  subnetMask: 255.255.255.0
  netboot:
    allowPxe: true
    ipxeScriptUrl: "boot.netboot.xyz/menu.ipxe"
)");
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome.records.empty());
  ASSERT_EQ(outcome.malformed.size(), 1u);
  EXPECT_EQ(outcome.malformed[0].reason,
            "netboot.ipxeScriptUrl: \"boot.netboot.xyz/menu.ipxe\" is not an absolute http:// or "
            "https:// URL");
  EXPECT_EQ(outcome.malformed[0].ip, ip("192.0.2.10"));
}

TEST(SmeeFormat, SkipsBadRoutesOneByOne) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
"aa:bb:cc:dd:ee:01":
  ipAddress: 192.0.2.10
  subnetMask: 255.255.255.0
  classlessStaticRoutes:
    - {destination: 10.0.0.0/8, router: 192.0.2.1}
    - {destination: 10.1.2.3/8, router: 192.0.2.1}
    - {destination: nowhere, router: 192.0.2.1}
    - {destination: 0.0.0.0/0}
    - {DESTINATION: 198.51.100.0/24, Router: 192.0.2.9}
)");
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome.records.size(), 1u);
  const auto& routes = outcome.records[0].dhcp.classless_routes;
  ASSERT_EQ(routes.size(), 2u) << allProblems(outcome);
  EXPECT_EQ(routes[1].destination, *Ipv4Prefix::parse("198.51.100.0/24"));
  EXPECT_EQ(routes[1].router, ip("192.0.2.9"));
  EXPECT_EQ(
      problemsAbout(outcome, "aa:bb:cc:dd:ee:01", "classlessStaticRoutes[1].destination").size(),
      1u);
  EXPECT_EQ(
      problemsAbout(outcome, "aa:bb:cc:dd:ee:01", "classlessStaticRoutes[2].destination").size(),
      1u);
  EXPECT_EQ(problemsAbout(outcome, "aa:bb:cc:dd:ee:01", "classlessStaticRoutes[3].router").size(),
            1u);
}

TEST(SmeeFormat, ReportsEveryRecordOfADuplicatedMacEvenInAnotherCase) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
"aa:bb:cc:dd:ee:01":
  ipAddress: 192.0.2.10
  subnetMask: 255.255.255.0
"AA:BB:CC:DD:EE:01":
  ipAddress: 192.0.2.11
  subnetMask: 255.255.255.0
)");
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.records.size(), 2u);
  const auto problems = problemsAbout(outcome, "aa:bb:cc:dd:ee:01", "mac");
  ASSERT_EQ(problems.size(), 2u) << allProblems(outcome);
  EXPECT_EQ(problems[0].impact, ProblemImpact::Ambiguous);
  EXPECT_EQ(problems[0].line, 2);
  EXPECT_EQ(problems[1].line, 5);
  EXPECT_NE(problems[0].message.find("lines 2, 5"), std::string::npos) << problems[0].message;
}

TEST(SmeeFormat, ReportsAnIpGivenToTwoMachines) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
"aa:bb:cc:dd:ee:01": {ipAddress: 192.0.2.10, subnetMask: 255.255.255.0}
"aa:bb:cc:dd:ee:02": {ipAddress: 192.0.2.10, subnetMask: 255.255.255.0}
)");
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(problemsAbout(outcome, "aa:bb:cc:dd:ee:01", "ip").size(), 1u);
  EXPECT_EQ(problemsAbout(outcome, "aa:bb:cc:dd:ee:02", "ip").size(), 1u);
}

TEST(SmeeFormat, TreatsARecordThatIsNotAMappingAsMalformed) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
"aa:bb:cc:dd:ee:01": 192.0.2.10
"aa:bb:cc:dd:ee:02":
)");
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome.malformed.size(), 2u);
  EXPECT_EQ(outcome.malformed[0].reason,
            "expected a mapping of hardware fields, found \"192.0.2.10\"");
  EXPECT_EQ(outcome.malformed[1].reason, "expected a mapping of hardware fields, found nothing");
}

TEST(Document, ReportsBadYamlWithOneBasedLineAndColumn) {
  const ParseOutcome outcome = parseHardwareDocument(
      "\"aa:bb:cc:dd:ee:01\":\n"
      "  ipAddress: 192.0.2.10\n"
      "  subnetMask: [255.255.255.0\n"
      "\"aa:bb:cc:dd:ee:02\": {}\n");
  ASSERT_FALSE(outcome.ok());
  EXPECT_NE(outcome.error->message.find("invalid YAML"), std::string::npos);
  EXPECT_TRUE(outcome.records.empty());
  EXPECT_GE(outcome.error->line, 3) << outcome.error->message;
}

TEST(Document, ReportsTheOneBasedPositionOfAnIllegalMappingValue) {
  const ParseOutcome outcome = parseHardwareDocument("a: b\nc: d: e: f\n");
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error->message, "invalid YAML: illegal map value");
  EXPECT_EQ(outcome.error->line, 2);
  EXPECT_EQ(outcome.error->column, 5);  // the second ':' on line 2
}

TEST(Document, ReportsATabUsedForIndentation) {
  const ParseOutcome outcome = parseHardwareDocument(
      "\"aa:bb:cc:dd:ee:01\":\n  ipAddress: 192.0.2.10\n\tsubnetMask: 255.255.255.0\n");
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error->message, "invalid YAML: illegal tab when looking for indentation");
  EXPECT_EQ(outcome.error->line, 3);
  EXPECT_EQ(outcome.error->column, 1);
}

TEST(Document, ReportsAStrayCommaInsteadOfLoopingForever) {
  const ParseOutcome outcome = parseHardwareDocument(
      "\"aa:bb:cc:dd:ee:01\": {ipAddress: 192.0.2.10, subnetMask: 255.255.255.0}\n---\n, oops\n");
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error->message, "invalid YAML: unexpected \",\" outside [ ] or { }");
  EXPECT_EQ(outcome.error->line, 3);
  EXPECT_EQ(outcome.error->column, 1);
}

TEST(Document, ListsProblemsInFileOrder) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
"aa:bb:cc:dd:ee:01":
  ipAddress: 192.0.2.10
  subnetMask: 255.255.255.0
  colour: blue
  defaultGateway: nope
)");
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome.problems.size(), 2u);
  EXPECT_EQ(outcome.problems[0].field, "colour");
  EXPECT_EQ(outcome.problems[1].field, "defaultGateway");
}

TEST(Document, RejectsAScalarAtTheTopWithAClearMessage) {
  const ParseOutcome outcome = parseHardwareDocument("\n\njust some text\n");
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error->message,
            "expected a mapping of MAC addresses to hardware records (Smee's format) or a list "
            "of Hardware objects, found \"just some text\"");
  EXPECT_EQ(outcome.error->line, 3);
  EXPECT_EQ(outcome.error->column, 1);
}

TEST(Document, TreatsAnEmptyFileAsNoHardware) {
  for (const char* text : {"", "# only a comment\n", "---\n", "{}", "[]"}) {
    const ParseOutcome outcome = parseHardwareDocument(text);
    EXPECT_TRUE(outcome.ok()) << text;
    EXPECT_TRUE(outcome.records.empty()) << text;
    EXPECT_TRUE(outcome.problems.empty()) << text;
  }
}

TEST(Document, TheShippedExampleFileParsesCleanly) {
  std::ifstream in(SMEE_EXAMPLE_HARDWARE_FILE);
  ASSERT_TRUE(in) << SMEE_EXAMPLE_HARDWARE_FILE;
  std::stringstream content;
  content << in.rdbuf();
  const ParseOutcome outcome = parseHardwareDocument(content.str());
  ASSERT_TRUE(outcome.ok()) << outcome.error->message;
  EXPECT_EQ(outcome.records.size(), 3u);
  EXPECT_TRUE(outcome.problems.empty()) << allProblems(outcome);
  const auto no_pxe = std::count_if(outcome.records.begin(), outcome.records.end(),
                                    [](const auto& r) { return !r.netboot.allow_pxe; });
  EXPECT_EQ(no_pxe, 1);
  const HardwareRecord* vlan = recordFor(outcome, "52:54:00:12:34:02");
  ASSERT_NE(vlan, nullptr);
  EXPECT_EQ(vlan->dhcp.vlan_id, "120");
  EXPECT_EQ(vlan->netboot.facility, "lab1");
}

}  // namespace
}  // namespace smee::backend_file
