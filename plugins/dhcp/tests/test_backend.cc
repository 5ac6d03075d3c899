#include "test_backend.h"

namespace smee::dhcp {

HardwareRecord& TestBackend::add(const std::string& mac) {
  auto record = std::make_shared<HardwareRecord>();
  record->dhcp.mac = *MacAddress::parse(mac);
  records_[record->dhcp.mac] = record;
  return *record;
}

LookupResult TestBackend::byMac(const MacAddress& mac) const {
  auto it = records_.find(mac);
  if (it == records_.end()) return {failure, nullptr, "no hardware with mac " + mac.toString()};
  return {LookupStatus::Found, it->second, ""};
}

LookupResult TestBackend::byIp(Ipv4Address ip) const {
  for (const auto& [mac, record] : records_) {
    if (record->dhcp.ip == ip) return {LookupStatus::Found, record, ""};
  }
  return {failure, nullptr, "no hardware with ip " + ip.toString()};
}

HardwareRecord& addGoldenRecord(TestBackend& backend, const std::string& mac) {
  auto ip = [](const char* text) { return *Ipv4Address::parse(text); };
  HardwareRecord& r = backend.add(mac);
  r.dhcp.ip = ip("192.168.1.100");
  r.dhcp.subnet_mask = ip("255.255.255.0");
  r.dhcp.default_gateway = ip("192.168.1.1");
  r.dhcp.name_servers = {ip("1.1.1.1")};
  r.dhcp.hostname = "test-host";
  r.dhcp.domain_name = "mydomain.com";
  r.dhcp.broadcast_address = ip("192.168.1.255");
  r.dhcp.ntp_servers = {ip("132.163.96.2")};
  r.dhcp.lease_time = 60;
  r.dhcp.domain_search = {"mydomain.com"};
  r.netboot.allow_pxe = true;
  r.netboot.ipxe_script_url = "http://localhost:8181/auto.ipxe";
  return r;
}

}  // namespace smee::dhcp
