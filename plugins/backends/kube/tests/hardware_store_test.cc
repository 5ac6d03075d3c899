#include "hardware_store.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "hardware_index.h"
#include "hardware_profile.h"

namespace smee::backend_kube {
namespace {

using backend_file::HardwareIndex;

// Everything a lookup answers, as text, so two answers compare whole.
std::string describe(const LookupResult& result) {
  std::string text = std::string(lookupStatusName(result.status)) + "|" + result.detail;
  if (result.record) {
    const HardwareRecord& r = *result.record;
    text += "|" + r.dhcp.mac.toString() + "|" + (r.dhcp.ip ? r.dhcp.ip->toString() : "-") + "|" +
            r.dhcp.hostname + "|" + r.name + "|" + profileKey(r, true);
  }
  return text;
}

// A small universe, so keys collide often: shared MACs and IPs across
// objects, one object naming a MAC twice, malformed interfaces, profiles
// that differ in one field.
class Fleet {
 public:
  explicit Fleet(unsigned seed) : random_(seed) {}

  DecodedObject object(int n) {
    DecodedObject object;
    const std::string name = "m" + std::to_string(n);
    const std::string ns = n % 5 == 0 ? "" : (n % 2 ? "tink" : "other");
    object.key = ns.empty() ? name : ns + "/" + name;
    const int interfaces = pick(0, 3);
    for (int i = 0; i < interfaces; ++i) {
      const MacAddress mac(
          std::array<std::uint8_t, 6>{2, 0, 0, 0, 0, static_cast<std::uint8_t>(pick(0, 12))});
      if (pick(0, 9) == 0) {
        MalformedRecord bad;
        bad.mac = mac;
        if (pick(0, 1)) bad.ip = Ipv4Address(0x0a000000u + static_cast<std::uint32_t>(pick(0, 12)));
        bad.reason = "dhcp.ip.address: not an IPv4 address";
        object.malformed.push_back(bad);
        continue;
      }
      HardwareRecord record;
      record.dhcp.mac = mac;
      if (pick(0, 4) != 0)
        record.dhcp.ip = Ipv4Address(0x0a000000u + static_cast<std::uint32_t>(pick(0, 12)));
      record.dhcp.hostname =
          pick(0, 1) ? name : "host-" + std::to_string(pick(0, 30)) + "-with-a-long-name";
      record.dhcp.subnet_mask = Ipv4Address(0xffffff00u);
      record.dhcp.lease_time = pick(0, 1) ? 86400 : 3600;
      record.dhcp.name_servers = {Ipv4Address(0x01010101u)};
      if (pick(0, 3) == 0)
        record.dhcp.classless_routes.push_back(
            {*Ipv4Prefix::parse("10.20.0.0/16"), Ipv4Address(0x0a000001u)});
      record.netboot.allow_pxe = pick(0, 1) == 1;
      record.netboot.facility = pick(0, 1) ? "onprem" : "";
      record.netboot.osie.kernel_params = {"console=ttyS" + std::to_string(pick(0, 1))};
      record.name = pick(0, 9) == 0 ? "renamed" : name;
      record.namespace_ = ns;
      object.records.push_back(record);
    }
    return object;
  }
  int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }

 private:
  std::mt19937 random_;
};

// The reference: HardwareIndex with one owner per object, as the cache kept
// it before the store.
class Reference {
 public:
  void upsert(const DecodedObject& object) {
    remove(object.key);
    Entry& entry = objects_[object.key];
    entry.owner = next_owner_++;
    for (const HardwareRecord& record : object.records) {
      entry.keys.emplace_back(record.dhcp.mac, record.dhcp.ip);
      index_.add(entry.owner, std::make_shared<const HardwareRecord>(record));
    }
    for (const MalformedRecord& bad : object.malformed) {
      entry.keys.emplace_back(bad.mac, bad.ip);
      index_.addMalformed(entry.owner, bad, object.key);
    }
  }
  bool remove(const std::string& key) {
    const auto it = objects_.find(key);
    if (it == objects_.end()) return false;
    for (const auto& [mac, ip] : it->second.keys) index_.remove(it->second.owner, mac, ip);
    objects_.erase(it);
    return true;
  }
  HardwareIndex index_{"https://127.0.0.1:6443"};
  std::size_t objects() const { return objects_.size(); }

 private:
  struct Entry {
    HardwareIndex::Owner owner = 0;
    std::vector<std::pair<MacAddress, std::optional<Ipv4Address>>> keys;
  };
  std::map<std::string, Entry> objects_;
  HardwareIndex::Owner next_owner_ = 1;
};

TEST(HardwareStore, AnswersWhatTheHashIndexAnsweredThroughRandomEvents) {
  for (unsigned seed = 1; seed <= 20; ++seed) {
    Fleet fleet(seed);
    HardwareStore store("https://127.0.0.1:6443");
    Reference reference;
    for (int step = 0; step < 400; ++step) {
      const int n = fleet.pick(0, 20);
      if (fleet.pick(0, 3) == 0) {
        const DecodedObject gone = fleet.object(n);
        EXPECT_EQ(store.remove(gone.key), reference.remove(gone.key));
      } else {
        const DecodedObject object = fleet.object(n);
        store.upsert(object);
        reference.upsert(object);
      }
      ASSERT_EQ(store.objectCount(), reference.objects()) << "seed " << seed << " step " << step;
      for (int k = 0; k <= 12; ++k) {
        const MacAddress mac(
            std::array<std::uint8_t, 6>{2, 0, 0, 0, 0, static_cast<std::uint8_t>(k)});
        const Ipv4Address ip(0x0a000000u + static_cast<std::uint32_t>(k));
        ASSERT_EQ(describe(store.byMac(mac)), describe(reference.index_.byMac(mac)))
            << "seed " << seed << " step " << step;
        ASSERT_EQ(describe(store.byIp(ip)), describe(reference.index_.byIp(ip)))
            << "seed " << seed << " step " << step;
        ASSERT_EQ(store.macOwners(mac), reference.index_.macOwners(mac));
        ASSERT_EQ(store.ipOwners(ip), reference.index_.ipOwners(ip));
      }
    }
  }
}

TEST(HardwareStore, MachinesOfOneShapeShareOneProfileUntilTheLastGoes) {
  Fleet fleet(7);
  HardwareStore store("api");
  for (int i = 0; i < 1000; ++i) {
    DecodedObject object;
    object.key = "tink/m" + std::to_string(i);
    HardwareRecord record;
    record.dhcp.mac = MacAddress(std::array<std::uint8_t, 6>{
        2, 0, 0, 0, static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)});
    record.dhcp.ip = Ipv4Address(0x0a000000u + static_cast<std::uint32_t>(i));
    record.dhcp.hostname = "m" + std::to_string(i);
    record.dhcp.lease_time = i % 2 ? 86400 : 3600;
    record.name = "m" + std::to_string(i);
    record.namespace_ = "tink";
    object.records.push_back(record);
    store.upsert(object);
  }
  EXPECT_EQ(store.profileCount(), 2u);
  EXPECT_EQ(store.recordCount(), 1000u);
  const LookupResult found = store.byIp(Ipv4Address(0x0a000000u + 7));
  ASSERT_TRUE(found.found());
  EXPECT_EQ(found.record->dhcp.hostname, "m7");
  EXPECT_EQ(found.record->name, "m7");
  EXPECT_EQ(found.record->namespace_, "tink");
  EXPECT_EQ(found.record->dhcp.lease_time, 86400u);
  for (int i = 0; i < 1000; i += 2) ASSERT_TRUE(store.remove("tink/m" + std::to_string(i)));
  EXPECT_EQ(store.profileCount(), 1u);
  EXPECT_EQ(store.objectCount(), 500u);
  for (int i = 1; i < 1000; i += 2) ASSERT_TRUE(store.remove("tink/m" + std::to_string(i)));
  EXPECT_EQ(store.profileCount(), 0u);
  EXPECT_EQ(store.byMac(MacAddress(std::array<std::uint8_t, 6>{2, 0, 0, 0, 0, 1})).status,
            LookupStatus::NotFound);
}

}  // namespace
}  // namespace smee::backend_kube
