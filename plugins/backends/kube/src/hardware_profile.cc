#include "hardware_profile.h"

#include <cstdint>

namespace smee::backend_kube {

namespace {

// Length-prefixed fields, so no two different profiles write the same bytes.
class KeyWriter {
 public:
  void word(std::uint32_t value) {
    out_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void text(const std::string& value) {
    word(static_cast<std::uint32_t>(value.size()));
    out_ += value;
  }
  void address(const std::optional<Ipv4Address>& value) {
    word(value ? 1 : 0);
    word(value ? value->value() : 0);
  }
  void addresses(const std::vector<Ipv4Address>& values) {
    word(static_cast<std::uint32_t>(values.size()));
    for (const Ipv4Address& value : values) word(value.value());
  }
  void texts(const std::vector<std::string>& values) {
    word(static_cast<std::uint32_t>(values.size()));
    for (const std::string& value : values) text(value);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace

std::string profileKey(const HardwareRecord& record, bool own_name) {
  const DhcpRecord& dhcp = record.dhcp;
  const NetbootRecord& netboot = record.netboot;
  KeyWriter key;
  key.address(dhcp.subnet_mask);
  key.address(dhcp.default_gateway);
  key.addresses(dhcp.name_servers);
  key.text(dhcp.domain_name);
  key.address(dhcp.broadcast_address);
  key.addresses(dhcp.ntp_servers);
  key.text(dhcp.vlan_id);
  key.word(dhcp.lease_time);
  key.text(dhcp.arch);
  key.texts(dhcp.domain_search);
  key.word(static_cast<std::uint32_t>(dhcp.classless_routes.size()));
  for (const ClasslessRoute& route : dhcp.classless_routes) {
    key.word(route.destination.network.value());
    key.word(static_cast<std::uint32_t>(route.destination.length));
    key.word(route.router.value());
  }
  key.text(dhcp.tftp_server_name);
  key.text(dhcp.boot_file_name);
  key.word((dhcp.disabled ? 1U : 0U) | (netboot.allow_pxe ? 2U : 0U) | (own_name ? 4U : 0U));
  key.text(netboot.ipxe_script_url);
  key.text(netboot.ipxe_script);
  key.text(netboot.ipxe_binary);
  key.text(netboot.console);
  key.text(netboot.facility);
  key.text(netboot.osie.base_url);
  key.text(netboot.osie.kernel);
  key.text(netboot.osie.initrd);
  key.texts(netboot.osie.kernel_params);
  key.text(netboot.iso_source_url);
  key.text(record.namespace_);
  if (own_name) key.text(record.name);
  return key.take();
}

HardwareRecord profileOf(const HardwareRecord& record, bool own_name) {
  HardwareRecord profile = record;
  profile.dhcp.mac = MacAddress();
  profile.dhcp.ip.reset();
  profile.dhcp.hostname.clear();
  if (!own_name) profile.name.clear();
  return profile;
}

}  // namespace smee::backend_kube
