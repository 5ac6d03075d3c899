#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace smee::dhcp {

// Client architecture (option 93, or 41 for a Raspberry Pi) -> the iPXE
// binary it can run (spec 2.2), with operator overrides on top.
class ArchBinaries {
 public:
  ArchBinaries();
  // Entries like "7=snp-x86_64.efi" (the monorepo's
  // --ipxe-override-arch-mapping). Throws ConfigError("arch_binaries", ...)
  // naming the bad entry.
  void applyOverrides(const std::vector<std::string>& entries);
  // "" when the architecture has no binary.
  std::string binaryFor(std::uint16_t arch) const;

 private:
  std::map<std::uint16_t, std::string> table_;
};

}  // namespace smee::dhcp
