#pragma once

// Documents shared by the parser tests and the robustness test.

namespace smee::backend_file::testing {

// Smee's format with every field it knows, in mixed key case, plus one
// record Smee's own example carries (ipAddress "3").
inline constexpr const char* kSmeeExample = R"(---
"08:00:27:29:4E:67":
  ipAddress: "192.168.2.153"
  subnetMask: "255.255.255.0"
  defaultGateway: "192.168.2.1"
  nameServers:
    - "8.8.8.8"
    - "1.1.1.1"
  hostname: "pxe-virtualbox"
  domainName: "example.com"
  broadcastAddress: "192.168.2.255"
  ntpServers:
    - "132.163.96.2"
    - "132.163.96.3"
  leaseTime: 86400
  domainSearch:
    - "example.com"
    - "lab.example.com"
  vlanID: "42"
  arch: "aarch64"
  disabled: false
  classlessStaticRoutes:
    - destination: "10.0.0.0/8"
      router: "192.168.2.2"
    - destination: "172.16.0.0/12"
      router: "192.168.2.3"
  tftpServerName: "192.168.2.4"
  bootFileName: "nvos.bin"
  netboot:
    allowPxe: true
    ipxeScriptUrl: "https://boot.netboot.xyz"
    ipxeScript: "#!ipxe\nexit"
    ipxeBinary: "snp-arm64.efi"
    console: "ttyS0"
    facility: "onprem"
    osie:
      baseURL: "http://192.168.2.5/hook"
      kernel: "vmlinuz-x86_64"
      initrd: "initramfs-x86_64"
      kernelParams:
        - "console=ttyS0"
        - "quiet"
52-54-00-AA-88-2A:
  IPADDRESS: "192.168.2.15"
  subnetmask: "255.255.255.0"
  NetBoot:
    AllowPXE: true
08:00:27:29:4E:68: # bad data, as in Smee's own example
  ipAddress: "3"
  subnetMask: "255.255.255.0"
)";

// The monorepo's format: a list of Hardware objects.
inline constexpr const char* kHardwareExample = R"(- apiVersion: "tinkerbell.org/v1alpha1"
  kind: Hardware
  metadata:
    name: sm01
    namespace: tink-system
  spec:
    disks:
      - device: /dev/nvme0n1
    metadata:
      facility:
        facility_code: onprem
      instance:
        hostname: sm01
    interfaces:
      - dhcp:
          arch: x86_64
          hostname: sm01
          domain_name: example.com
          ip:
            address: 192.168.2.17
            gateway: 192.168.2.1
            netmask: 255.255.255.0
            family: 4
          lease_time: 86400
          mac: DE:AD:C0:DE:CA:FE
          name_servers:
            - 192.168.2.1
            - 10.1.1.11
          time_servers:
            - 192.168.2.123
          uefi: true
          vlan_id: "7"
          classless_static_routes:
            - destination_descriptor: 10.20.0.0/16
              router: 192.168.2.254
          tftp_server_name: 192.168.2.9
          boot_file_name: onie-installer
        netboot:
          allowPXE: true
          allowWorkflow: true
          ipxe:
            url: http://192.168.2.5/custom.ipxe
            contents: "#!ipxe"
            binary: snp-x86_64.efi
          osie:
            baseURL: http://192.168.2.5/hook
            kernel: vmlinuz
            initrd: initramfs
            kernelParams: ["console=ttyS1", "debug"]
      - disableDhcp: true
        dhcp:
          mac: de:ad:c0:de:ca:ff
          ip:
            address: 192.168.2.18
            netmask: 255.255.255.0
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: not-hardware
)";

}  // namespace smee::backend_file::testing
