#pragma once

#include <string>

namespace smee::backend_kube::testing {

// A Hardware object as the API server sends it (JSON, one line), with one
// interface. `extra_dhcp` and `netboot` are spliced in verbatim.
inline std::string hardwareJson(const std::string& name, const std::string& mac,
                                const std::string& ip, const std::string& rv = "1",
                                const std::string& ns = "default",
                                const std::string& netboot = R"({"allowPXE":true})",
                                const std::string& extra_dhcp = "") {
  std::string ip_part = ip.empty() ? ""
                                   : R"("ip":{"address":")" + ip +
                                         R"(","netmask":"255.255.255.0","gateway":"192.0.2.1"},)";
  std::string netboot_part = netboot.empty() ? "" : R"(,"netboot":)" + netboot;
  return R"({"apiVersion":"tinkerbell.org/v1alpha1","kind":"Hardware","metadata":{"name":")" +
         name + R"(","namespace":")" + ns + R"(","resourceVersion":")" + rv +
         R"(","uid":"0b6c6e0e-1111-4222-8333-)" +
         std::string(12 - std::min<std::size_t>(12, name.size()), '0') + name.substr(0, 12) +
         R"("},"spec":{"interfaces":[{"dhcp":{)" + ip_part + extra_dhcp + R"("mac":")" + mac +
         R"(","hostname":")" + name + R"(","arch":"x86_64","lease_time":86400})" + netboot_part +
         R"(}],"metadata":{"facility":{"facility_code":"onprem"}}},"status":{}})";
}

}  // namespace smee::backend_kube::testing
