#include "classification.h"

#include <array>

namespace smee::dhcp {
namespace {

// Raspberry Pi Foundation / Trading OUIs: the Pi 5 sends arch 0, so Smee
// forces arch 41 ("rpiboot") for these.
constexpr std::array<std::array<std::uint8_t, 3>, 5> kRaspberryPiOuis = {{{0xb8, 0x27, 0xeb},
                                                                          {0xdc, 0xa6, 0x32},
                                                                          {0xe4, 0x5f, 0x01},
                                                                          {0x28, 0xcd, 0xc1},
                                                                          {0xd8, 0x3a, 0xdd}}};

// The highest option 93 value with an IANA name in the library Smee uses;
// later values (and 41 on the wire) count as unknown.
constexpr std::uint16_t kLastNamedArch = 36;

std::string_view bytesAsText(const std::vector<std::uint8_t>* bytes) {
  if (!bytes) return {};
  return {reinterpret_cast<const char*>(bytes->data()), bytes->size()};
}

ClientType clientTypeOf(const dhcp4::Options& options) {
  const auto* vendor = options.find(dhcp4::opt::kClassId);
  if (!vendor) return ClientType::None;
  return bytesAsText(vendor).starts_with("HTTPClient") ? ClientType::HttpClient
                                                       : ClientType::PxeClient;
}

// Literals only: every packet is classified, and a reason must not cost
// an allocation.
std::string_view netbootProblem(const dhcp4::Packet& request) {
  auto type = request.options.messageType();
  if (type != dhcp4::MessageType::Discover && type != dhcp4::MessageType::Request) {
    return "message is neither DISCOVER nor REQUEST";
  }
  std::string_view vendor = bytesAsText(request.options.find(dhcp4::opt::kClassId));
  if (!vendor.starts_with("PXEClient") && !vendor.starts_with("HTTPClient")) {
    return "option 60 does not start with PXEClient or HTTPClient";
  }
  if (!request.options.has(dhcp4::opt::kClientArch)) return "no option 93 (client architecture)";
  if (!request.options.has(dhcp4::opt::kClientNdi)) return "no option 94 (network interface id)";
  if (const auto* guid = request.options.find(dhcp4::opt::kClientGuid)) {
    if (!guid->empty() && (guid->size() != 17 || (*guid)[0] != 0)) {
      return "option 97 (machine id) is not 17 bytes starting with 0";
    }
  }
  return {};
}

// The first architecture in option 93 with an IANA name; an option of odd
// length is ignored, as Options::u16List() does.
std::uint16_t firstNamedArch(const dhcp4::Options& options) {
  const auto* list = options.find(dhcp4::opt::kClientArch);
  if (!list || list->size() % 2 != 0) return kUnknownArch;
  for (std::size_t i = 0; i + 1 < list->size(); i += 2) {
    auto arch = static_cast<std::uint16_t>(((*list)[i] << 8) | (*list)[i + 1]);
    if (arch <= kLastNamedArch) return arch;
  }
  return kUnknownArch;
}

}  // namespace

bool isRaspberryPi(const MacAddress& mac) {
  for (const auto& oui : kRaspberryPiOuis) {
    if (std::equal(oui.begin(), oui.end(), mac.bytes().begin())) return true;
  }
  return false;
}

std::string userClassOf(const dhcp4::Options& options) {
  const auto* raw = options.find(dhcp4::opt::kUserClass);
  if (!raw || raw->empty()) return {};
  // RFC 3004: a sequence of length-prefixed strings covering the option
  // exactly. Take the first when the framing fits; otherwise it is raw.
  std::size_t at = 0;
  while (at < raw->size() && (*raw)[at] != 0 && at + 1 + (*raw)[at] <= raw->size()) {
    at += 1 + (*raw)[at];
  }
  if (at == raw->size() && (*raw)[0] + 1u <= raw->size()) {
    bool printable_prefix = (*raw)[0] >= 0x20;  // a raw "iPXE" starts with a letter
    if (!printable_prefix) return std::string(raw->begin() + 1, raw->begin() + 1 + (*raw)[0]);
  }
  return std::string(raw->begin(), raw->end());
}

Classification classify(const dhcp4::Packet& request) {
  Classification c;
  c.mac = request.mac();
  c.client_type = clientTypeOf(request.options);
  c.user_class = userClassOf(request.options);
  c.raspberry_pi = isRaspberryPi(c.mac);
  if (c.raspberry_pi) {
    c.arch = kRaspberryPiArch;
  } else {
    c.arch = firstNamedArch(request.options);
  }
  c.ipxe = c.user_class == "iPXE" || c.user_class == "Tinkerbell" ||
           request.options.has(dhcp4::opt::kIpxeEncapsulated);
  c.not_netboot_reason = netbootProblem(request);
  c.netboot_client = c.not_netboot_reason.empty();
  return c;
}

}  // namespace smee::dhcp
