#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "smee/export.h"
#include "smee/net/ipv4.h"
#include "smee/net/mac_address.h"

namespace smee {

// The protocol a step of a machine's boot belongs to.
enum class JourneyStage : unsigned char { Dhcp, Tftp, Http, Syslog, Backend };

// Ok moves the boot on; Error is a reason it stopped (a refused request, a
// transfer that failed, a machine the backend does not know).
enum class JourneyOutcome : unsigned char { Ok, Error };

// One step of one machine's boot, as the protocol that saw it tells it.
struct JourneyEvent {
  JourneyStage stage = JourneyStage::Dhcp;
  JourneyOutcome outcome = JourneyOutcome::Ok;
  std::string step;    // "OFFER", "transfer started", "auto.ipxe"
  std::string detail;  // "192.0.2.100, boot file ipxe.efi (arch 7, PXEClient)"
};

// What the journey answers for a path under /journey (the http plugin
// passes such requests on and writes the reply as given).
struct JourneyPage {
  int status = 200;
  std::string content_type;
  std::string body;
};

// The boot-journey service ("smee.journey/v1:default", plugin `journey`):
// DHCP, TFTP, HTTP and syslog find() it (it is optional) and record what
// happens to each machine, so an operator can see one machine's boot in
// order instead of grepping four protocols' log lines. Every method is
// called concurrently from packet and request paths and must not block on
// anything but a short lock.
class SMEE_API BootJourney {
 public:
  static constexpr std::string_view kInterfaceId = "smee.journey/v1";
  virtual ~BootJourney();
  virtual void record(const MacAddress& mac, JourneyEvent event) = 0;
  // For steps that know only the client's address (a TFTP or HTTP request
  // without a MAC in its path, a syslog datagram): the machine is the one
  // this server last gave that address over DHCP. Unknown addresses are
  // counted and dropped.
  virtual void recordByAddress(Ipv4Address address, JourneyEvent event) = 0;
  // A DHCP reply gave `address` to `mac`.
  virtual void learnAddress(const MacAddress& mac, Ipv4Address address) = 0;
  // The page for `path` ("/journey", "/journey.json", "/journey/<mac>",
  // "/journey/<mac>.json"), or nullopt when the path is not the journey's.
  virtual std::optional<JourneyPage> page(std::string_view path) const = 0;
};

}  // namespace smee
