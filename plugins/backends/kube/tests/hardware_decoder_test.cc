#include "hardware_decoder.h"

#include <gtest/gtest.h>

#include "hardware_json.h"

namespace smee::backend_kube {
namespace {

using testing::hardwareJson;

MacAddress mac(const char* text) { return *MacAddress::parse(text); }

TEST(HardwareDecoder, ConvertsAHardwareObjectWithTheFileBackendRules) {
  std::string error;
  const auto object =
      decodeHardware(hardwareJson("m1", "52:54:00:aa:bb:01", "192.0.2.10", "77"), error);
  ASSERT_TRUE(object) << error;
  EXPECT_EQ(object->key, "default/m1");
  EXPECT_EQ(object->resource_version, "77");
  ASSERT_EQ(object->records.size(), 1u);
  const HardwareRecord& r = object->records[0];
  EXPECT_EQ(r.dhcp.mac, mac("52:54:00:aa:bb:01"));
  EXPECT_EQ(r.dhcp.ip->toString(), "192.0.2.10");
  EXPECT_EQ(r.dhcp.subnet_mask->toString(), "255.255.255.0");
  EXPECT_EQ(r.dhcp.default_gateway->toString(), "192.0.2.1");
  EXPECT_EQ(r.dhcp.lease_time, 86400u);
  EXPECT_EQ(r.dhcp.hostname, "m1");
  EXPECT_EQ(r.name, "m1");
  EXPECT_EQ(r.namespace_, "default");
  EXPECT_TRUE(r.netboot.allow_pxe);
  EXPECT_EQ(r.netboot.facility, "onprem");
}

TEST(HardwareDecoder, AMisspeltSpecKeyReachesTheConversionAndIsNamed) {
  // machine2 of tests/data/tinkerbell/hardware-machine1-typos.yaml, as the
  // API server sends it: "interface" for "interfaces".
  const std::string json =
      R"({"apiVersion":"tinkerbell.org/v1alpha1","kind":"Hardware",)"
      R"("metadata":{"name":"machine2","namespace":"default","resourceVersion":"9"},)"
      R"("spec":{"disks":[{"device":"/dev/sda"}],"interface":[{"dhcp":{"arch":"x86_64",)"
      R"("ip":{"adress":"192.0.2.12","netmask":"255.255.255.0"},"mac":"08:00:27:00:00:02"},)"
      R"("netboot":{"allowPXE":true}}]}})";
  std::string error;
  const auto object = decodeHardware(json, error);
  ASSERT_TRUE(object) << error;
  bool named = false;
  for (const auto& problem : object->problems) {
    if (problem.field == "spec.interface" &&
        problem.message == "unknown key \"interface\" ignored; did you mean \"interfaces\"?") {
      named = true;
    }
    EXPECT_NE(problem.field, "spec.disks")
        << problem.message;  // read by nobody, reported by nobody
  }
  EXPECT_TRUE(named);
}

TEST(HardwareDecoder, ReadsTheMonorepoFields) {
  const std::string netboot =
      R"({"allowPXE":true,"ipxe":{"url":"http://boot.example/\u003cx","binary":"snp-arm64.efi"},)"
      R"("osie":{"baseURL":"http://osie.example/","kernel":"vmlinuz","initrd":"initramfs",)"
      R"("kernelParams":["console=ttyS0","quiet"]}})";
  const std::string dhcp =
      R"("domain_name":"lab.example","tftp_server_name":"192.0.2.5","boot_file_name":"nvos.bin",)"
      R"("classless_static_routes":[{"destination_descriptor":"10.0.0.0/8","router":"192.0.2.254"}],)"
      R"("name_servers":["192.0.2.53","bogus","192.0.2.54"],)";
  std::string error;
  const auto object = decodeHardware(
      hardwareJson("m2", "52:54:00:aa:bb:02", "192.0.2.11", "5", "ns", netboot, dhcp), error);
  ASSERT_TRUE(object) << error;
  ASSERT_EQ(object->records.size(), 1u);
  const HardwareRecord& r = object->records[0];
  EXPECT_EQ(r.dhcp.domain_name, "lab.example");
  EXPECT_EQ(r.dhcp.domain_search, std::vector<std::string>{"lab.example"});
  EXPECT_EQ(r.dhcp.tftp_server_name, "192.0.2.5");
  EXPECT_EQ(r.dhcp.boot_file_name, "nvos.bin");
  ASSERT_EQ(r.dhcp.classless_routes.size(), 1u);
  EXPECT_EQ(r.dhcp.classless_routes[0].router.toString(), "192.0.2.254");
  ASSERT_EQ(r.dhcp.name_servers.size(), 2u);  // the bad entry alone is skipped
  EXPECT_EQ(r.netboot.ipxe_script_url, "http://boot.example/<x");
  EXPECT_EQ(r.netboot.ipxe_binary, "snp-arm64.efi");
  EXPECT_EQ(r.netboot.osie.base_url, "http://osie.example/");
  EXPECT_EQ(r.netboot.osie.kernel_params, (std::vector<std::string>{"console=ttyS0", "quiet"}));
  EXPECT_FALSE(object->problems.empty());  // "bogus" is reported
}

// The per-machine ISO of the monorepo reaches the iso plugin from the API too.
TEST(HardwareDecoder, ReadsThePerMachineSourceIso) {
  const std::string json =
      R"({"apiVersion":"tinkerbell.org/v1alpha1","kind":"Hardware",)"
      R"("metadata":{"name":"m3","namespace":"ns","resourceVersion":"7"},)"
      R"("spec":{"interfaces":[{"dhcp":{"mac":"52:54:00:aa:bb:03",)"
      R"("ip":{"address":"192.0.2.12","netmask":"255.255.255.0"}},"netboot":{"allowPXE":true},)"
      R"("isoboot":{"sourceISO":"http://192.0.2.7/hook-m3.iso"}}]}})";
  std::string error;
  const auto object = decodeHardware(json, error);
  ASSERT_TRUE(object) << error;
  ASSERT_EQ(object->records.size(), 1u);
  EXPECT_EQ(object->records[0].netboot.iso_source_url, "http://192.0.2.7/hook-m3.iso");
}

TEST(HardwareDecoder, MissingNetbootAndIpSectionsAreServedNotDropped) {
  std::string error;
  const auto no_netboot =
      decodeHardware(hardwareJson("a", "52:54:00:aa:bb:03", "192.0.2.12", "1", "d", ""), error);
  ASSERT_TRUE(no_netboot) << error;
  ASSERT_EQ(no_netboot->records.size(), 1u);
  EXPECT_FALSE(no_netboot->records[0].netboot.allow_pxe);
  EXPECT_TRUE(no_netboot->records[0].dhcp.ip);

  const auto no_ip = decodeHardware(hardwareJson("b", "52:54:00:aa:bb:04", ""), error);
  ASSERT_TRUE(no_ip) << error;
  ASSERT_EQ(no_ip->records.size(), 1u);
  EXPECT_FALSE(no_ip->records[0].dhcp.ip);
  EXPECT_TRUE(no_ip->records[0].netboot.allow_pxe);
}

TEST(HardwareDecoder, AnUnusableAddressMakesTheInterfaceMalformed) {
  std::string error;
  const auto object = decodeHardware(hardwareJson("c", "52:54:00:aa:bb:05", "300.1.1.1"), error);
  ASSERT_TRUE(object) << error;
  EXPECT_TRUE(object->records.empty());
  ASSERT_EQ(object->malformed.size(), 1u);
  EXPECT_NE(object->malformed[0].reason.find("300.1.1.1"), std::string::npos);
}

TEST(HardwareDecoder, SeveralInterfacesGiveOneRecordEach) {
  const std::string json = R"({"metadata":{"name":"multi","namespace":"x"},"spec":{"interfaces":[
    {"dhcp":{"mac":"52:54:00:00:00:01","ip":{"address":"192.0.2.21","netmask":"255.255.255.0"}}},
    {"dhcp":{"mac":"52:54:00:00:00:02","ip":{"address":"192.0.2.22","netmask":"255.255.255.0"}},
     "netboot":{"allowPXE":true}},
    {"netboot":{"allowPXE":true}}]}})";
  std::string error;
  const auto object = decodeHardware(json, error);  // list items may omit apiVersion/kind
  ASSERT_TRUE(object) << error;
  ASSERT_EQ(object->records.size(), 2u);
  EXPECT_FALSE(object->records[0].netboot.allow_pxe);
  EXPECT_TRUE(object->records[1].netboot.allow_pxe);
}

TEST(HardwareDecoder, RejectsWhatIsNotAHardwareObject) {
  std::string error;
  EXPECT_FALSE(decodeHardware(R"({"metadata":{}})", error));
  EXPECT_EQ(error, "a Hardware object without metadata.name");
  EXPECT_FALSE(decodeHardware(R"({"metadata":[1]})", error));
  EXPECT_FALSE(decodeHardware("not json", error));
  const auto wrong_kind = decodeHardware(
      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"spec":{}})", error);
  ASSERT_TRUE(wrong_kind);
  EXPECT_TRUE(wrong_kind->records.empty());
}

TEST(HardwareDecoder, ListPageCarriesResourceVersionAndContinue) {
  const std::string body = R"({"apiVersion":"tinkerbell.org/v1alpha1","kind":"HardwareList",)"
                           R"("metadata":{"continue":"eyJ2IjoibWV0YSJ9","remainingItemCount":3,)"
                           R"("resourceVersion":"4242"},"items":[)" +
                           hardwareJson("m1", "52:54:00:aa:bb:01", "192.0.2.10") + "," +
                           R"({"metadata":{}})" + "," +
                           hardwareJson("m2", "52:54:00:aa:bb:02", "192.0.2.11") + "]}";
  std::string error;
  const auto page = decodeListPage(body, error);
  ASSERT_TRUE(page) << error;
  EXPECT_EQ(page->resource_version, "4242");
  EXPECT_EQ(page->continue_token, "eyJ2IjoibWV0YSJ9");
  EXPECT_EQ(page->objects.size(), 2u);
  ASSERT_EQ(page->item_errors.size(), 1u);
  EXPECT_EQ(page->item_errors[0], "items[1]: a Hardware object without metadata.name");

  EXPECT_FALSE(decodeListPage(R"({"kind":"HardwareList","metadata":{},"items":[]})", error));
  EXPECT_EQ(error, "the list has no metadata.resourceVersion");
  EXPECT_FALSE(decodeListPage(R"({"kind":"Status","code":403,"message":"forbidden"})", error));
  EXPECT_NE(error.find("forbidden"), std::string::npos);
  const auto empty = decodeListPage(R"({"metadata":{"resourceVersion":"9"},"items":null})", error);
  ASSERT_TRUE(empty) << error;
  EXPECT_TRUE(empty->objects.empty());
}

TEST(HardwareDecoder, WatchEventsOfEveryType) {
  std::string error;
  auto added =
      decodeWatchEvent(R"({"type":"ADDED","object":)" +
                           hardwareJson("m1", "52:54:00:aa:bb:01", "192.0.2.10", "11") + "}",
                       error);
  ASSERT_TRUE(added) << error;
  EXPECT_EQ(added->type, EventType::Added);
  EXPECT_EQ(added->resource_version, "11");
  EXPECT_EQ(added->object->key, "default/m1");

  auto bookmark = decodeWatchEvent(
      R"({"type":"BOOKMARK","object":{"kind":"Hardware","apiVersion":"tinkerbell.org/v1alpha1",)"
      R"("metadata":{"resourceVersion":"12","annotations":{"k8s.io/initial-events-end":"true"}},"spec":{}}})",
      error);
  ASSERT_TRUE(bookmark) << error;
  EXPECT_EQ(bookmark->type, EventType::Bookmark);
  EXPECT_EQ(bookmark->resource_version, "12");

  auto expired = decodeWatchEvent(
      R"({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
      R"j("message":"too old resource version: 5 (4242)","reason":"Expired","code":410}})j",
      error);
  ASSERT_TRUE(expired) << error;
  EXPECT_EQ(expired->type, EventType::Error);
  EXPECT_EQ(expired->code, 410);
  EXPECT_EQ(expired->message, "too old resource version: 5 (4242)");

  EXPECT_FALSE(decodeWatchEvent(R"({"type":"SYNC","object":{}})", error));
  EXPECT_EQ(error, "unknown watch event type \"SYNC\"");
  EXPECT_FALSE(decodeWatchEvent(R"({"type":"ADDED"})", error));
  EXPECT_FALSE(
      decodeWatchEvent(R"({"type":"ADDED","object":{"metadata":{"name":"x"},"spec":)", error));
}

TEST(HardwareDecoder, StatusBodies) {
  const ApiStatus status = decodeStatus(
      R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401})");
  EXPECT_EQ(status.code, 401);
  EXPECT_EQ(status.message, "Unauthorized");
  EXPECT_EQ(decodeStatus("<html>").code, 0);
}

// What a broken or hostile API server can send: every case is refused with a
// reason (the reflector counts it as a decode error), nothing crashes, and no
// text Poco::JSON refused reaches the cache.
TEST(HardwareDecoder, MalformedJsonIsRefusedWithAReason) {
  std::string error;
  const std::string good = hardwareJson("m1", "52:54:00:aa:bb:01", "192.0.2.10");
  for (const std::string& bad :
       {good.substr(0, good.size() / 2), good + "x", good + good,
        hardwareJson("m1", "52:54:00:aa:bb:01", "192.0.2.10", "1", "default", R"({"allowPXE":01})"),
        hardwareJson("m1", "52:54:00:aa:bb:01", "192.0.2.10", "1", "default", "{}",
                     R"("lease_time":1-2e,)"),
        hardwareJson("m\\ud800", "52:54:00:aa:bb:01", "192.0.2.10"),
        hardwareJson("m\xff", "52:54:00:aa:bb:01", "192.0.2.10")}) {
    error.clear();
    EXPECT_FALSE(decodeHardware(bad, error)) << bad;
    EXPECT_EQ(error.rfind("invalid JSON: ", 0), 0u) << bad << " -> " << error;
    error.clear();
    EXPECT_FALSE(decodeWatchEvent(R"({"type":"ADDED","object":)" + bad + "}", error)) << bad;
    EXPECT_EQ(error.rfind("invalid JSON: ", 0), 0u) << bad << " -> " << error;
  }
}

TEST(HardwareDecoder, MembersOfTheWrongTypeAreNamed) {
  std::string error;
  EXPECT_FALSE(decodeHardware(R"({"metadata":{"name":7}})", error));
  EXPECT_EQ(error, "metadata.name: expected a string, found a number");
  EXPECT_FALSE(decodeHardware(R"({"metadata":"m1"})", error));
  EXPECT_EQ(error, "metadata: expected an object, found a string");
  EXPECT_FALSE(decodeWatchEvent(R"({"type":"ADDED","object":[]})", error));
  EXPECT_EQ(error, "object: expected an object, found an array");
  EXPECT_FALSE(decodeWatchEvent(R"({"type":1,"object":{}})", error));
  EXPECT_EQ(error, "type: expected a string, found a number");
  EXPECT_FALSE(decodeListPage(R"({"metadata":{"resourceVersion":"1"},"items":{}})", error));
  EXPECT_EQ(error, "items: expected an array, found an object");
  EXPECT_FALSE(decodeListPage(R"({"metadata":{"resourceVersion":5},"items":[]})", error));
  EXPECT_EQ(error, "metadata.resourceVersion: expected a string, found a number");

  // A bad item costs that item only, named by its index.
  const auto page = decodeListPage(
      R"({"metadata":{"resourceVersion":"1"},"items":[3,{"metadata":{"name":["x"]}},)" +
          hardwareJson("m1", "52:54:00:aa:bb:01", "192.0.2.10") + "]}",
      error);
  ASSERT_TRUE(page) << error;
  EXPECT_EQ(page->objects.size(), 1u);
  EXPECT_EQ(page->item_errors, (std::vector<std::string>{
                                   "items[0]: expected an object, found a number",
                                   "items[1]: metadata.name: expected a string, found an array"}));

  // A spec of the wrong shape reaches the conversion, which says so.
  const auto no_spec = decodeHardware(R"({"metadata":{"name":"s"},"spec":"nope"})", error);
  ASSERT_TRUE(no_spec) << error;
  EXPECT_TRUE(no_spec->records.empty());
}

TEST(HardwareDecoder, AStatusOfTheWrongShapeKeepsWhatIsReadable) {
  const ApiStatus status = decodeStatus(R"({"kind":"Status","code":"410","message":"gone"})");
  EXPECT_EQ(status.code, 0);
  EXPECT_EQ(status.message, "gone");
  EXPECT_EQ(decodeStatus(R"({"code":410.5})").code, 0);
  EXPECT_EQ(decodeStatus(R"({"code":01})").code, 0);
  EXPECT_EQ(decodeStatus("").code, 0);
}

}  // namespace
}  // namespace smee::backend_kube
