#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "smee/export.h"

namespace smee {

// One servable file, fully in memory (mapped or patched once), immutable.
struct BinaryImage {
  std::string name;                     // the resolved file name, e.g. "ipxe.efi"
  std::span<const std::uint8_t> bytes;  // valid while the image is held
  std::chrono::system_clock::time_point modified;
  bool patched = false;  // the iPXE script patch was applied
};

enum class BinaryStatus {
  Found,
  NotFound,  // no such file in any configured directory
  Refused,   // the name tries to leave the directories (.., absolute, bad bytes)
};

struct BinaryLookup {
  BinaryStatus status = BinaryStatus::NotFound;
  std::shared_ptr<const BinaryImage> image;  // set when Found
  std::string detail;                        // why, for logs and error replies
  std::string mac;                           // a MAC directory in the request, if any
};

// iPXE binaries and other boot files by the name a client asks for
// ("ipxe.efi", "aa:bb:cc:dd:ee:ff/undionly.kpxe", a name with a trace
// suffix), registered as "smee.ipxe.binaries/v1:<instance>". Shared by
// the TFTP server and the HTTP /ipxe/ route; called concurrently.
class SMEE_API IpxeBinarySource {
 public:
  static constexpr std::string_view kInterfaceId = "smee.ipxe.binaries/v1";
  virtual ~IpxeBinarySource();
  virtual BinaryLookup open(std::string_view requested_path) const = 0;
};

}  // namespace smee
