#include "generated_fleet.h"

namespace smee::backend_file::testing {

MacAddress fleetMac(std::uint32_t i) {
  return MacAddress({0x02, 0x00, 0x00, static_cast<std::uint8_t>(i >> 16),
                     static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)});
}

Ipv4Address fleetIp(std::uint32_t i) { return Ipv4Address((10u << 24) + 1 + i); }

std::string fleetHostname(std::uint32_t i) { return "node-" + std::to_string(i); }

namespace {

std::string facilityOf(std::uint32_t i) {
  return i % 5 == 0 ? "r" + std::to_string(i % 3) : std::string("lab1");
}

}  // namespace

std::string smeeFleet(std::uint32_t count) {
  std::string text = "# generated fleet\n";
  for (std::uint32_t i = 0; i < count; ++i) {
    text += "\"" + fleetMac(i).toString() + "\":\n";
    text += "  ipAddress: " + fleetIp(i).toString() + "\n";
    text += "  subnetMask: 255.0.0.0\n  defaultGateway: 10.0.0.1\n";
    text += "  nameServers: [10.0.0.53, 10.0.0.54]\n";
    text += "  hostname: " + fleetHostname(i) + "\n";
    text += "  leaseTime: 86400\n  arch: x86_64\n";
    if (i % 11 == 0) text += "  disabled: true\n";
    if (i % 13 == 0) {
      text +=
          "  classlessStaticRoutes:\n"
          "    - {destination: 172.16.0.0/12, router: 10.0.0.2}\n"
          "    - {destination: 192.168.0.0/16, router: 10.0.0.3}\n";
    }
    text += "  netboot:\n    allowPxe: " + std::string(i % 2 == 0 ? "true" : "false") + "\n";
    text += "    facility: " + facilityOf(i) + "\n";
    if (i % 7 == 0) {
      text += "    ipxeScriptUrl: http://10.0.0.5/" + fleetHostname(i) + ".ipxe\n";
    }
    text += "    osie: {baseURL: http://10.0.0.5/hook, kernelParams: [console=ttyS0]}\n";
  }
  return text;
}

std::string hardwareListFleet(std::uint32_t count) {
  std::string text = "apiVersion: v1\nitems:\n";
  for (std::uint32_t i = 0; i < count; ++i) {
    text += "- apiVersion: tinkerbell.org/v1alpha1\n  kind: Hardware\n";
    text += "  metadata: {name: " + fleetHostname(i) + ", namespace: tink-system}\n";
    text += "  spec:\n    metadata: {facility: {facility_code: " + facilityOf(i) + "}}\n";
    text += "    interfaces:\n    - dhcp:\n        mac: " + fleetMac(i).toString() + "\n";
    text += "        ip: {address: " + fleetIp(i).toString() +
            ", netmask: 255.0.0.0, gateway: 10.0.0.1}\n";
    text += "        hostname: " + fleetHostname(i) + "\n        lease_time: 86400\n";
    text += "        name_servers: [10.0.0.53, 10.0.0.54]\n";
    if (i % 13 == 0) {
      text +=
          "        classless_static_routes:\n"
          "        - {destination_descriptor: 172.16.0.0/12, router: 10.0.0.2}\n";
    }
    if (i % 11 == 0) text += "      disableDhcp: true\n";
    text +=
        "      netboot:\n        allowPXE: " + std::string(i % 2 == 0 ? "true" : "false") + "\n";
    if (i % 7 == 0) {
      text += "        ipxe: {url: http://10.0.0.5/" + fleetHostname(i) + ".ipxe}\n";
    }
  }
  text += "kind: List\nmetadata: {resourceVersion: \"\"}\n";
  return text;
}

}  // namespace smee::backend_file::testing
