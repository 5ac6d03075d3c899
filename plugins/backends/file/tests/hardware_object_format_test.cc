// The monorepo's format: tinkerbell.org/v1alpha1 Hardware objects.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "example_documents.h"
#include "hardware_parser.h"

namespace smee::backend_file {
namespace {

using testing::kHardwareExample;

Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }
MacAddress mac(const char* text) { return *MacAddress::parse(text); }

const HardwareRecord* recordFor(const ParseOutcome& outcome, const char* mac_text) {
  for (const auto& record : outcome.records) {
    if (record.dhcp.mac == mac(mac_text)) return &record;
  }
  return nullptr;
}

std::string allProblems(const ParseOutcome& outcome) {
  std::ostringstream out;
  for (const auto& p : outcome.problems) {
    out << p.line << ":" << p.column << " " << p.subject << " " << p.field << ": " << p.message
        << "\n";
  }
  return out.str();
}

const RecordProblem* problemAbout(const ParseOutcome& outcome, const std::string& field) {
  for (const auto& problem : outcome.problems) {
    if (problem.field == field) return &problem;
  }
  return nullptr;
}

TEST(HardwareFormat, ReadsEveryFieldOfAnInterface) {
  const ParseOutcome outcome = parseHardwareDocument(kHardwareExample);
  ASSERT_TRUE(outcome.ok()) << outcome.error->message;
  EXPECT_EQ(outcome.format, HardwareFormat::HardwareObjects);
  ASSERT_EQ(outcome.records.size(), 2u) << allProblems(outcome);
  const HardwareRecord* record = recordFor(outcome, "de:ad:c0:de:ca:fe");
  ASSERT_NE(record, nullptr);
  EXPECT_EQ(record->name, "sm01");
  EXPECT_EQ(record->namespace_, "tink-system");
  const DhcpRecord& dhcp = record->dhcp;
  EXPECT_EQ(dhcp.ip, ip("192.168.2.17"));
  EXPECT_EQ(dhcp.subnet_mask, ip("255.255.255.0"));
  EXPECT_EQ(dhcp.default_gateway, ip("192.168.2.1"));
  EXPECT_EQ(dhcp.broadcast_address, ip("192.168.2.255"));  // derived, as the monorepo does
  EXPECT_EQ(dhcp.name_servers, (std::vector{ip("192.168.2.1"), ip("10.1.1.11")}));
  EXPECT_EQ(dhcp.ntp_servers, (std::vector{ip("192.168.2.123")}));
  EXPECT_EQ(dhcp.hostname, "sm01");
  EXPECT_EQ(dhcp.domain_name, "example.com");
  EXPECT_EQ(dhcp.domain_search, (std::vector<std::string>{"example.com"}));
  EXPECT_EQ(dhcp.lease_time, 86400u);
  EXPECT_EQ(dhcp.arch, "x86_64");
  EXPECT_EQ(dhcp.vlan_id, "7");
  ASSERT_EQ(dhcp.classless_routes.size(), 1u);
  EXPECT_EQ(dhcp.classless_routes[0].destination, *Ipv4Prefix::parse("10.20.0.0/16"));
  EXPECT_EQ(dhcp.classless_routes[0].router, ip("192.168.2.254"));
  EXPECT_EQ(dhcp.tftp_server_name, "192.168.2.9");
  EXPECT_EQ(dhcp.boot_file_name, "onie-installer");
  EXPECT_FALSE(dhcp.disabled);
  const NetbootRecord& netboot = record->netboot;
  EXPECT_TRUE(netboot.allow_pxe);
  EXPECT_EQ(netboot.ipxe_script_url, "http://192.168.2.5/custom.ipxe");
  EXPECT_EQ(netboot.ipxe_script, "#!ipxe");
  EXPECT_EQ(netboot.ipxe_binary, "snp-x86_64.efi");
  EXPECT_EQ(netboot.facility, "onprem");
  EXPECT_EQ(netboot.osie.base_url, "http://192.168.2.5/hook");
  EXPECT_EQ(netboot.osie.kernel, "vmlinuz");
  EXPECT_EQ(netboot.osie.initrd, "initramfs");
  EXPECT_EQ(netboot.osie.kernel_params, (std::vector<std::string>{"console=ttyS1", "debug"}));
}

TEST(HardwareFormat, MakesOneRecordPerInterfaceAndReadsDisableDhcp) {
  const ParseOutcome outcome = parseHardwareDocument(kHardwareExample);
  ASSERT_TRUE(outcome.ok());
  const HardwareRecord* second = recordFor(outcome, "de:ad:c0:de:ca:ff");
  ASSERT_NE(second, nullptr);
  EXPECT_TRUE(second->dhcp.disabled);
  EXPECT_FALSE(second->netboot.allow_pxe);  // no netboot section: not allowed
  EXPECT_EQ(second->netboot.facility, "onprem");
  EXPECT_EQ(second->dhcp.lease_time, 604800u);
  EXPECT_EQ(second->name, "sm01");
}

// The monorepo's per-machine ISO for the iso plugin; an unusable URL is
// dropped with a problem and the record still served.
TEST(HardwareFormat, ReadsIsobootSourceIso) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
apiVersion: tinkerbell.org/v1alpha1
kind: Hardware
metadata: {name: m1, namespace: tink}
spec:
  interfaces:
    - dhcp: {mac: "02:00:00:00:00:01"}
      isoboot: {sourceISO: "https://example.com/hook.iso"}
    - dhcp: {mac: "02:00:00:00:00:02"}
      isoboot: {sourceISO: "ftp://example.com/hook.iso"}
)");
  ASSERT_TRUE(outcome.ok()) << outcome.error->message;
  const HardwareRecord* first = recordFor(outcome, "02:00:00:00:00:01");
  const HardwareRecord* second = recordFor(outcome, "02:00:00:00:00:02");
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(first->netboot.iso_source_url, "https://example.com/hook.iso");
  EXPECT_EQ(second->netboot.iso_source_url, "");
  const RecordProblem* problem = problemAbout(outcome, "spec.interfaces[1].isoboot.sourceISO");
  ASSERT_NE(problem, nullptr) << allProblems(outcome);
  EXPECT_EQ(problem->impact, ProblemImpact::FieldDropped);
}

TEST(HardwareFormat, SkipsObjectsOfAnotherKindWithAProblem) {
  const ParseOutcome outcome = parseHardwareDocument(kHardwareExample);
  ASSERT_TRUE(outcome.ok());
  const RecordProblem* problem = problemAbout(outcome, "kind");
  ASSERT_NE(problem, nullptr) << allProblems(outcome);
  EXPECT_EQ(problem->subject, "not-hardware");
  EXPECT_EQ(problem->impact, ProblemImpact::RecordDropped);
  EXPECT_NE(problem->message.find("\"ConfigMap\""), std::string::npos) << problem->message;
}

TEST(HardwareFormat, IgnoresUnknownFieldsSilently) {
  const ParseOutcome outcome = parseHardwareDocument(kHardwareExample);
  ASSERT_TRUE(outcome.ok());
  // disks, instance, uefi, allowWorkflow, family: Hardware fields Smee does not use.
  EXPECT_EQ(outcome.problems.size(), 1u) << allProblems(outcome);
}

TEST(HardwareFormat, PointsOutAKnownFieldInTheWrongCase) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
- apiVersion: tinkerbell.org/v1alpha1
  kind: Hardware
  metadata: {name: m1, namespace: default}
  spec:
    interfaces:
      - dhcp: {mac: "aa:bb:cc:dd:ee:01"}
        netboot: {allowPxe: true}
)");
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome.records.size(), 1u);
  EXPECT_FALSE(outcome.records[0].netboot.allow_pxe);
  const RecordProblem* problem = problemAbout(outcome, "spec.interfaces[0].netboot.allowPxe");
  ASSERT_NE(problem, nullptr) << allProblems(outcome);
  EXPECT_EQ(problem->subject, "default/m1");
  EXPECT_NE(problem->message.find("did you mean \"allowPXE\""), std::string::npos);
  EXPECT_EQ(problem->line, 8);
}

TEST(HardwareFormat, NearMissesOfReadFieldsAreNamedAtEveryDepth) {
  std::ifstream file(SMEE_TINKERBELL_TYPOS_FILE);
  std::stringstream text;
  text << file.rdbuf();
  const ParseOutcome outcome = parseHardwareDocument(text.str());
  ASSERT_TRUE(outcome.ok()) << allProblems(outcome);
  const RecordProblem* adress = problemAbout(outcome, "spec.interfaces[0].dhcp.ip.adress");
  ASSERT_NE(adress, nullptr) << allProblems(outcome);
  EXPECT_EQ(adress->subject, "machine1");  // no namespace in the file
  EXPECT_EQ(adress->message, "unknown key \"adress\" ignored; did you mean \"address\"?");
  const RecordProblem* interface = problemAbout(outcome, "spec.interface");
  ASSERT_NE(interface, nullptr) << allProblems(outcome);
  EXPECT_EQ(interface->message, "unknown key \"interface\" ignored; did you mean \"interfaces\"?");
  // Fields of Tinkerbell's schema that smeed does not read stay quiet.
  for (const char* quiet :
       {"spec.disks", "spec.metadata.instance", "spec.interfaces[0].netboot.allowWorkflow",
        "spec.interfaces[0].dhcp.uefi"}) {
    EXPECT_EQ(problemAbout(outcome, quiet), nullptr) << quiet << "\n" << allProblems(outcome);
  }
}

TEST(HardwareFormat, AllowsAnInterfaceWithoutAddressForProxyDhcp) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
- apiVersion: tinkerbell.org/v1alpha1
  kind: Hardware
  metadata: {name: m1}
  spec:
    interfaces:
      - dhcp: {mac: "aa:bb:cc:dd:ee:01"}
        netboot: {allowPXE: true}
)");
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome.records.size(), 1u) << allProblems(outcome);
  EXPECT_FALSE(outcome.records[0].dhcp.ip.has_value());
  EXPECT_FALSE(outcome.records[0].dhcp.subnet_mask.has_value());
  EXPECT_TRUE(outcome.problems.empty()) << allProblems(outcome);
}

TEST(HardwareFormat, MarksABadAddressMalformedWithTheFieldPath) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
- apiVersion: tinkerbell.org/v1alpha1
  kind: Hardware
  metadata: {name: m1, namespace: ns}
  spec:
    interfaces:
      - dhcp:
          mac: "aa:bb:cc:dd:ee:01"
          ip:
            address: "2001:db8::1"
            netmask: 255.255.255.0
      - dhcp:
          mac: "aa:bb:cc:dd:ee:02"
          ip: {address: 192.0.2.2}
      - dhcp:
          mac: "not-a-mac"
)");
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome.records.empty());
  ASSERT_EQ(outcome.malformed.size(), 2u) << allProblems(outcome);
  EXPECT_EQ(outcome.malformed[0].reason,
            "spec.interfaces[0].dhcp.ip.address: \"2001:db8::1\" is not an IPv4 address (IPv6 is "
            "not served)");
  EXPECT_EQ(outcome.malformed[0].line, 8);
  EXPECT_EQ(outcome.malformed[1].reason,
            "spec.interfaces[1].dhcp.ip.netmask: is missing; it is required");
  const RecordProblem* bad_mac = problemAbout(outcome, "spec.interfaces[2].dhcp.mac");
  ASSERT_NE(bad_mac, nullptr);
  EXPECT_EQ(bad_mac->impact, ProblemImpact::RecordDropped);
  EXPECT_EQ(bad_mac->subject, "ns/m1");
}

TEST(HardwareFormat, ReadsASingleObjectAndAHardwareList) {
  const ParseOutcome single = parseHardwareDocument(R"(
apiVersion: tinkerbell.org/v1alpha1
kind: Hardware
metadata: {name: m1}
spec:
  interfaces:
    - dhcp: {mac: "aa:bb:cc:dd:ee:01", ip: {address: 192.0.2.1, netmask: 255.255.255.0}}
)");
  ASSERT_TRUE(single.ok());
  EXPECT_EQ(single.format, HardwareFormat::HardwareObjects);
  EXPECT_EQ(single.records.size(), 1u) << allProblems(single);

  const ParseOutcome list = parseHardwareDocument(R"(
apiVersion: v1
kind: List
items:
  - apiVersion: tinkerbell.org/v1alpha1
    kind: Hardware
    metadata: {name: m1}
    spec:
      interfaces:
        - dhcp: {mac: "aa:bb:cc:dd:ee:01"}
  - apiVersion: tinkerbell.org/v1alpha1
    kind: Hardware
    metadata: {name: m2}
    spec:
      interfaces:
        - dhcp: {mac: "aa:bb:cc:dd:ee:02"}
)");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list.records.size(), 2u) << allProblems(list);
}

TEST(HardwareFormat, ReadsSeveralYamlDocuments) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
apiVersion: tinkerbell.org/v1alpha1
kind: Hardware
metadata: {name: m1}
spec: {interfaces: [{dhcp: {mac: "aa:bb:cc:dd:ee:01"}}]}
---
apiVersion: tinkerbell.org/v1alpha1
kind: Hardware
metadata: {name: m2}
spec: {interfaces: [{dhcp: {mac: "aa:bb:cc:dd:ee:02"}}]}
)");
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.records.size(), 2u) << allProblems(outcome);
}

TEST(HardwareFormat, FlagsTheSameMacInTwoObjects) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
- apiVersion: tinkerbell.org/v1alpha1
  kind: Hardware
  metadata: {name: m1}
  spec: {interfaces: [{dhcp: {mac: "aa:bb:cc:dd:ee:01"}}]}
- apiVersion: tinkerbell.org/v1alpha1
  kind: Hardware
  metadata: {name: m2}
  spec: {interfaces: [{dhcp: {mac: "AA:BB:CC:DD:EE:01"}}]}
)");
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.records.size(), 2u);
  int ambiguous = 0;
  for (const auto& p : outcome.problems) ambiguous += p.impact == ProblemImpact::Ambiguous;
  EXPECT_EQ(ambiguous, 2) << allProblems(outcome);
}

TEST(HardwareFormat, ReportsObjectsOfTheWrongShapeWithoutThrowing) {
  const ParseOutcome outcome = parseHardwareDocument(R"(
- just a string
- apiVersion: tinkerbell.org/v1alpha1
  kind: Hardware
  metadata: {name: m1}
  spec: [1, 2]
- apiVersion: tinkerbell.org/v1alpha1
  kind: Hardware
  metadata: {name: m2}
  spec:
    metadata: 7
    interfaces:
      - "eth0"
      - dhcp: [x]
      - dhcp:
          mac: "aa:bb:cc:dd:ee:03"
          lease_time: forever
          name_servers: {a: b}
          ip: "192.0.2.3/24"
        netboot: {ipxe: {url: "ftp://x/y"}}
)");
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome.records.empty());
  ASSERT_EQ(outcome.malformed.size(), 1u) << allProblems(outcome);
  EXPECT_NE(outcome.malformed[0].reason.find("spec.interfaces[2].dhcp.ip"), std::string::npos);
  EXPECT_NE(outcome.malformed[0].reason.find("spec.interfaces[2].netboot.ipxe.url"),
            std::string::npos)
      << outcome.malformed[0].reason;
  EXPECT_NE(problemAbout(outcome, "spec"), nullptr) << allProblems(outcome);
  EXPECT_NE(problemAbout(outcome, "spec.metadata"), nullptr);
  EXPECT_NE(problemAbout(outcome, "spec.interfaces[0]"), nullptr);
  EXPECT_NE(problemAbout(outcome, "spec.interfaces[1].dhcp"), nullptr);
  EXPECT_NE(problemAbout(outcome, "spec.interfaces[2].dhcp.lease_time"), nullptr);
  EXPECT_NE(problemAbout(outcome, "spec.interfaces[2].dhcp.name_servers"), nullptr);
}

}  // namespace
}  // namespace smee::backend_file
