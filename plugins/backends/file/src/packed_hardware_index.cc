#include "packed_hardware_index.h"

#include <algorithm>

namespace smee::backend_file {

namespace {

// A profile is one interned list of words, in this order.
enum Slot : std::size_t {
  kSubnetMask,
  kDefaultGateway,
  kBroadcast,
  kFlags,
  kLeaseTime,
  // String ids.
  kDomainName,
  kVlanId,
  kArch,
  kTftpServerName,
  kBootFileName,
  kIpxeScriptUrl,
  kIpxeScript,
  kIpxeBinary,
  kConsole,
  kFacility,
  kOsieBaseUrl,
  kOsieKernel,
  kOsieInitrd,
  kIsoSourceUrl,
  kNamespace,
  // List ids: addresses, string ids, or (network, prefix length, router) triples.
  kNameServers,
  kNtpServers,
  kDomainSearch,
  kKernelParams,
  kRoutes,
  kSlotCount,
};

enum Flag : std::uint32_t {
  kHasSubnetMask = 1,
  kHasDefaultGateway = 2,
  kHasBroadcast = 4,
  kDisabled = 8,
  kAllowPxe = 16,
};

using WordId = InternPool<std::uint32_t>::Id;

std::uint32_t optionalAddress(const std::optional<Ipv4Address>& address, Flag flag,
                              std::uint32_t& flags) {
  if (!address) return 0;
  flags |= flag;
  return address->value();
}

std::optional<Ipv4Address> addressIf(std::uint32_t value, std::uint32_t flags, Flag flag) {
  if ((flags & flag) == 0) return std::nullopt;
  return Ipv4Address(value);
}

}  // namespace

void PackedIndexBuilder::addRecord(HardwareRecord record) {
  PackedHardwareIndex& index = *index_;
  PackedHardwareIndex::Record packed;
  packed.mac = record.dhcp.mac.bytes();
  packed.has_ip = record.dhcp.ip.has_value() ? 1 : 0;
  packed.ip = record.dhcp.ip ? record.dhcp.ip->value() : 0;
  packed.hostname = index.strings_.intern(record.dhcp.hostname);
  packed.name = index.strings_.intern(record.name);
  packed.profile = packProfile(record);
  index.records_.push_back(packed);
}

WordId PackedIndexBuilder::packProfile(const HardwareRecord& record) {
  PackedHardwareIndex& index = *index_;
  const DhcpRecord& dhcp = record.dhcp;
  const NetbootRecord& netboot = record.netboot;
  const auto text = [&](const std::string& value) { return index.strings_.intern(value); };
  const auto addresses = [&](const std::vector<Ipv4Address>& list) {
    std::vector<std::uint32_t> words;
    words.reserve(list.size());
    for (const Ipv4Address& address : list) words.push_back(address.value());
    return index.words_.intern(words);
  };
  const auto texts = [&](const std::vector<std::string>& list) {
    std::vector<std::uint32_t> words;
    words.reserve(list.size());
    for (const std::string& value : list) words.push_back(text(value));
    return index.words_.intern(words);
  };

  std::array<std::uint32_t, kSlotCount> words{};
  std::uint32_t flags = 0;
  words[kSubnetMask] = optionalAddress(dhcp.subnet_mask, kHasSubnetMask, flags);
  words[kDefaultGateway] = optionalAddress(dhcp.default_gateway, kHasDefaultGateway, flags);
  words[kBroadcast] = optionalAddress(dhcp.broadcast_address, kHasBroadcast, flags);
  if (dhcp.disabled) flags |= kDisabled;
  if (netboot.allow_pxe) flags |= kAllowPxe;
  words[kFlags] = flags;
  words[kLeaseTime] = dhcp.lease_time;
  words[kDomainName] = text(dhcp.domain_name);
  words[kVlanId] = text(dhcp.vlan_id);
  words[kArch] = text(dhcp.arch);
  words[kTftpServerName] = text(dhcp.tftp_server_name);
  words[kBootFileName] = text(dhcp.boot_file_name);
  words[kIpxeScriptUrl] = text(netboot.ipxe_script_url);
  words[kIpxeScript] = text(netboot.ipxe_script);
  words[kIpxeBinary] = text(netboot.ipxe_binary);
  words[kConsole] = text(netboot.console);
  words[kFacility] = text(netboot.facility);
  words[kOsieBaseUrl] = text(netboot.osie.base_url);
  words[kOsieKernel] = text(netboot.osie.kernel);
  words[kOsieInitrd] = text(netboot.osie.initrd);
  words[kIsoSourceUrl] = text(netboot.iso_source_url);
  words[kNamespace] = text(record.namespace_);
  words[kNameServers] = addresses(dhcp.name_servers);
  words[kNtpServers] = addresses(dhcp.ntp_servers);
  words[kDomainSearch] = texts(dhcp.domain_search);
  words[kKernelParams] = texts(netboot.osie.kernel_params);
  std::vector<std::uint32_t> routes;
  for (const ClasslessRoute& route : dhcp.classless_routes) {
    routes.push_back(route.destination.network.value());
    routes.push_back(static_cast<std::uint32_t>(route.destination.length));
    routes.push_back(route.router.value());
  }
  words[kRoutes] = index.words_.intern(routes);
  return index.words_.intern(words);
}

void PackedIndexBuilder::addMalformed(MalformedRecord malformed) {
  PackedHardwareIndex::Malformed packed;
  packed.mac = malformed.mac.bytes();
  packed.has_ip = malformed.ip.has_value() ? 1 : 0;
  packed.ip = malformed.ip ? malformed.ip->value() : 0;
  packed.line = malformed.line;
  packed.column = malformed.column;
  packed.reason = index_->strings_.intern(malformed.reason);
  index_->malformed_.push_back(packed);
}

void PackedIndexBuilder::truncate(std::size_t records, std::size_t malformed) {
  // What the dropped records interned stays: harmless, and rare.
  index_->records_.resize(std::min(records, index_->records_.size()));
  index_->malformed_.resize(std::min(malformed, index_->malformed_.size()));
}

namespace {

// Indexes of the entries that have an IP, ordered by it (file order within one IP).
template <class Entry>
std::vector<std::uint32_t> orderByIp(const std::vector<Entry>& entries) {
  std::vector<std::uint32_t> order;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].has_ip) order.push_back(static_cast<std::uint32_t>(i));
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return entries[a].ip < entries[b].ip; });
  order.shrink_to_fit();
  return order;
}

template <class Entry>
void sortByMac(std::vector<Entry>& entries) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.mac < b.mac; });
  entries.shrink_to_fit();
}

// [first, last) of the entries with this MAC.
template <class Entry>
std::pair<const Entry*, std::size_t> findMac(const std::vector<Entry>& entries,
                                             const std::array<std::uint8_t, 6>& mac) {
  const auto range =
      std::equal_range(entries.begin(), entries.end(), mac, [](const auto& a, const auto& b) {
        if constexpr (std::is_same_v<std::decay_t<decltype(a)>, Entry>) {
          return a.mac < b;
        } else {
          return a < b.mac;
        }
      });
  const auto count = static_cast<std::size_t>(range.second - range.first);
  return {count == 0 ? nullptr : &*range.first, count};
}

template <class Entry>
std::pair<const Entry*, std::size_t> findIp(const std::vector<Entry>& entries,
                                            const std::vector<std::uint32_t>& by_ip,
                                            std::uint32_t ip) {
  const auto first =
      std::lower_bound(by_ip.begin(), by_ip.end(), ip,
                       [&](std::uint32_t i, std::uint32_t v) { return entries[i].ip < v; });
  auto last = first;
  while (last != by_ip.end() && entries[*last].ip == ip) ++last;
  const auto count = static_cast<std::size_t>(last - first);
  return {count == 0 ? nullptr : &entries[*first], count};
}

}  // namespace

std::shared_ptr<const PackedHardwareIndex> PackedIndexBuilder::build(std::string source) {
  std::unique_ptr<PackedHardwareIndex> index = std::move(index_);
  index->source_ = std::move(source);
  sortByMac(index->records_);
  sortByMac(index->malformed_);
  index->records_by_ip_ = orderByIp(index->records_);
  index->malformed_by_ip_ = orderByIp(index->malformed_);
  index->strings_.freeze();
  index->words_.freeze();
  return std::shared_ptr<const PackedHardwareIndex>(std::move(index));
}

std::size_t PackedHardwareIndex::bytes() const {
  return records_.capacity() * sizeof(Record) + malformed_.capacity() * sizeof(Malformed) +
         (records_by_ip_.capacity() + malformed_by_ip_.capacity()) * sizeof(std::uint32_t) +
         strings_.bytes() + words_.bytes() + source_.capacity();
}

std::shared_ptr<const HardwareRecord> PackedHardwareIndex::unpack(const Record& packed) const {
  auto record = std::make_shared<HardwareRecord>();
  const auto text = [&](std::uint32_t id) { return std::string(strings_.view(id)); };
  const auto addresses = [&](std::uint32_t id) {
    std::vector<Ipv4Address> out;
    for (std::uint32_t word : words_.view(id)) out.emplace_back(word);
    return out;
  };
  const auto texts = [&](std::uint32_t id) {
    std::vector<std::string> out;
    for (std::uint32_t word : words_.view(id)) out.push_back(text(word));
    return out;
  };
  const std::span<const std::uint32_t> words = words_.view(packed.profile);
  DhcpRecord& dhcp = record->dhcp;
  NetbootRecord& netboot = record->netboot;
  dhcp.mac = MacAddress(packed.mac);
  if (packed.has_ip) dhcp.ip = Ipv4Address(packed.ip);
  dhcp.hostname = text(packed.hostname);
  record->name = text(packed.name);
  if (words.size() != kSlotCount) return record;  // cannot happen: every profile is packed whole
  const std::uint32_t flags = words[kFlags];
  dhcp.subnet_mask = addressIf(words[kSubnetMask], flags, kHasSubnetMask);
  dhcp.default_gateway = addressIf(words[kDefaultGateway], flags, kHasDefaultGateway);
  dhcp.broadcast_address = addressIf(words[kBroadcast], flags, kHasBroadcast);
  dhcp.disabled = (flags & kDisabled) != 0;
  netboot.allow_pxe = (flags & kAllowPxe) != 0;
  dhcp.lease_time = words[kLeaseTime];
  dhcp.domain_name = text(words[kDomainName]);
  dhcp.vlan_id = text(words[kVlanId]);
  dhcp.arch = text(words[kArch]);
  dhcp.tftp_server_name = text(words[kTftpServerName]);
  dhcp.boot_file_name = text(words[kBootFileName]);
  netboot.ipxe_script_url = text(words[kIpxeScriptUrl]);
  netboot.ipxe_script = text(words[kIpxeScript]);
  netboot.ipxe_binary = text(words[kIpxeBinary]);
  netboot.console = text(words[kConsole]);
  netboot.facility = text(words[kFacility]);
  netboot.osie.base_url = text(words[kOsieBaseUrl]);
  netboot.osie.kernel = text(words[kOsieKernel]);
  netboot.osie.initrd = text(words[kOsieInitrd]);
  netboot.iso_source_url = text(words[kIsoSourceUrl]);
  record->namespace_ = text(words[kNamespace]);
  dhcp.name_servers = addresses(words[kNameServers]);
  dhcp.ntp_servers = addresses(words[kNtpServers]);
  dhcp.domain_search = texts(words[kDomainSearch]);
  netboot.osie.kernel_params = texts(words[kKernelParams]);
  const std::span<const std::uint32_t> routes = words_.view(words[kRoutes]);
  for (std::size_t i = 0; i + 2 < routes.size(); i += 3) {
    dhcp.classless_routes.push_back(
        {Ipv4Prefix{Ipv4Address(routes[i]), static_cast<int>(routes[i + 1])},
         Ipv4Address(routes[i + 2])});
  }
  return record;
}

std::string PackedHardwareIndex::malformedDetail(const Malformed& bad) const {
  std::string reason = "hardware record for mac " + MacAddress(bad.mac).toString() + " (" + source_;
  if (bad.line > 0) reason += ":" + std::to_string(bad.line) + ":" + std::to_string(bad.column);
  return reason + ") cannot be used: " + std::string(strings_.view(bad.reason));
}

LookupResult PackedHardwareIndex::answer(std::size_t records, const Record* record,
                                         std::size_t malformed, const Malformed* bad,
                                         const std::string& what) const {
  const std::size_t claims = records + malformed;
  if (claims == 0) return {LookupStatus::NotFound, nullptr, "no hardware record for " + what};
  if (claims > 1) {
    return {LookupStatus::Ambiguous, nullptr,
            std::to_string(claims) + " hardware records for " + what};
  }
  if (malformed == 1) return {LookupStatus::Malformed, nullptr, malformedDetail(*bad)};
  return {LookupStatus::Found, unpack(*record), {}};
}

// The hit path formats no text: lookups run on every DHCP packet.
LookupResult PackedHardwareIndex::byMac(const MacAddress& mac) const {
  const auto [record, records] = findMac(records_, mac.bytes());
  const auto [bad, malformed] = findMac(malformed_, mac.bytes());
  if (records == 1 && malformed == 0) return {LookupStatus::Found, unpack(*record), {}};
  return answer(records, record, malformed, bad, "mac " + mac.toString());
}

LookupResult PackedHardwareIndex::byIp(Ipv4Address ip) const {
  const auto [record, records] = findIp(records_, records_by_ip_, ip.value());
  const auto [bad, malformed] = findIp(malformed_, malformed_by_ip_, ip.value());
  if (records == 1 && malformed == 0) return {LookupStatus::Found, unpack(*record), {}};
  return answer(records, record, malformed, bad, "ip " + ip.toString());
}

}  // namespace smee::backend_file
