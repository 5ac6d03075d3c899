#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smee/export.h"
#include "smee/net/ipv4.h"
#include "smee/net/mac_address.h"

namespace smee {

// A static route for DHCP option 121 (RFC 3442).
struct ClasslessRoute {
  Ipv4Prefix destination;
  Ipv4Address router;
  auto operator<=>(const ClasslessRoute&) const = default;
};

// The DHCP half of a hardware record (Smee's data.DHCP plus the monorepo's
// additions). Absent values are empty/nullopt and are not sent.
struct DhcpRecord {
  MacAddress mac;
  std::optional<Ipv4Address> ip;
  std::optional<Ipv4Address> subnet_mask;
  std::optional<Ipv4Address> default_gateway;
  std::vector<Ipv4Address> name_servers;
  std::string hostname;
  std::string domain_name;
  std::optional<Ipv4Address> broadcast_address;
  std::vector<Ipv4Address> ntp_servers;
  std::string vlan_id;
  std::uint32_t lease_time = 604800;  // seconds; missing or 0 means one week
  std::string arch;
  std::vector<std::string> domain_search;
  std::vector<ClasslessRoute> classless_routes;  // option 121
  std::string tftp_server_name;                  // option 66
  std::string boot_file_name;                    // option 67
  bool disabled = false;                         // disableDhcp: never answer
};

struct OsieRecord {
  std::string base_url;
  std::string kernel;
  std::string initrd;
  std::vector<std::string> kernel_params;
};

// The netboot half of a hardware record (Smee's data.Netboot).
struct NetbootRecord {
  bool allow_pxe = false;
  std::string ipxe_script_url;
  std::string ipxe_script;  // inline script
  std::string ipxe_binary;  // per-machine iPXE binary override
  std::string console;
  std::string facility;
  OsieRecord osie;
  std::string iso_source_url;  // isoboot.sourceISO: this machine's upstream ISO (monorepo)
};

struct HardwareRecord {
  DhcpRecord dhcp;
  NetbootRecord netboot;
  std::string name;        // Hardware object name, when the source has one
  std::string namespace_;  // Hardware object namespace, when the source has one
};

enum class LookupStatus {
  Found,
  NotFound,     // no hardware has this MAC / IP
  Ambiguous,    // more than one hardware matches
  Malformed,    // the matching record exists but could not be used
  Unavailable,  // the backend cannot answer (noop, not synced yet)
};

SMEE_API std::string_view lookupStatusName(LookupStatus status);

struct LookupResult {
  LookupStatus status = LookupStatus::NotFound;
  std::shared_ptr<const HardwareRecord> record;  // set when Found
  std::string detail;                            // why, for logs

  bool found() const { return status == LookupStatus::Found; }
};

// Hardware data by MAC or IPv4, registered as "smee.backend/v1:<name>".
// Lookups must not block on I/O once the backend is ready and are called
// concurrently from protocol worker threads.
class SMEE_API BackendReader {
 public:
  static constexpr std::string_view kInterfaceId = "smee.backend/v1";
  virtual ~BackendReader();
  virtual LookupResult byMac(const MacAddress& mac) const = 0;
  virtual LookupResult byIp(Ipv4Address ip) const = 0;
  // True once the backend has loaded its data (for readiness probes).
  virtual bool ready() const = 0;
  // False for a backend that can never find a machine (noop): the modes
  // that boot only known machines refuse it when they are configured.
  virtual bool holdsHardware() const { return true; }
};

}  // namespace smee
