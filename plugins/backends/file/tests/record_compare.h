#pragma once

#include <string>

#include "smee/services/backend.h"

namespace smee::backend_file::testing {

// The first field in which two records differ ("dhcp.hostname"), or empty
// when they are the same: a failure names what the packed index lost.
inline std::string firstDifference(const HardwareRecord& a, const HardwareRecord& b) {
  const DhcpRecord& x = a.dhcp;
  const DhcpRecord& y = b.dhcp;
  if (x.mac != y.mac) return "dhcp.mac";
  if (x.ip != y.ip) return "dhcp.ip";
  if (x.subnet_mask != y.subnet_mask) return "dhcp.subnet_mask";
  if (x.default_gateway != y.default_gateway) return "dhcp.default_gateway";
  if (x.name_servers != y.name_servers) return "dhcp.name_servers";
  if (x.hostname != y.hostname) return "dhcp.hostname";
  if (x.domain_name != y.domain_name) return "dhcp.domain_name";
  if (x.broadcast_address != y.broadcast_address) return "dhcp.broadcast_address";
  if (x.ntp_servers != y.ntp_servers) return "dhcp.ntp_servers";
  if (x.vlan_id != y.vlan_id) return "dhcp.vlan_id";
  if (x.lease_time != y.lease_time) return "dhcp.lease_time";
  if (x.arch != y.arch) return "dhcp.arch";
  if (x.domain_search != y.domain_search) return "dhcp.domain_search";
  if (x.classless_routes != y.classless_routes) return "dhcp.classless_routes";
  if (x.tftp_server_name != y.tftp_server_name) return "dhcp.tftp_server_name";
  if (x.boot_file_name != y.boot_file_name) return "dhcp.boot_file_name";
  if (x.disabled != y.disabled) return "dhcp.disabled";
  const NetbootRecord& n = a.netboot;
  const NetbootRecord& m = b.netboot;
  if (n.allow_pxe != m.allow_pxe) return "netboot.allow_pxe";
  if (n.ipxe_script_url != m.ipxe_script_url) return "netboot.ipxe_script_url";
  if (n.ipxe_script != m.ipxe_script) return "netboot.ipxe_script";
  if (n.ipxe_binary != m.ipxe_binary) return "netboot.ipxe_binary";
  if (n.console != m.console) return "netboot.console";
  if (n.facility != m.facility) return "netboot.facility";
  if (n.osie.base_url != m.osie.base_url) return "netboot.osie.base_url";
  if (n.osie.kernel != m.osie.kernel) return "netboot.osie.kernel";
  if (n.osie.initrd != m.osie.initrd) return "netboot.osie.initrd";
  if (n.osie.kernel_params != m.osie.kernel_params) return "netboot.osie.kernel_params";
  if (n.iso_source_url != m.iso_source_url) return "netboot.iso_source_url";
  if (a.name != b.name) return "name";
  if (a.namespace_ != b.namespace_) return "namespace";
  return {};
}

}  // namespace smee::backend_file::testing
