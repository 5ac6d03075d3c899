#include "arch_binaries.h"

#include <charconv>

#include "smee/errors.h"

namespace smee::dhcp {

ArchBinaries::ArchBinaries() {
  for (std::uint16_t arch : {0, 1, 2, 3, 4, 5}) table_[arch] = "undionly.kpxe";
  for (std::uint16_t arch : {6, 7, 8, 9, 15, 16}) table_[arch] = "ipxe.efi";
  for (std::uint16_t arch : {10, 11, 18, 19, 41}) table_[arch] = "snp.efi";
}

void ArchBinaries::applyOverrides(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    auto eq = entry.find('=');
    std::uint16_t arch = 0;
    auto [end, ec] =
        std::from_chars(entry.data(), entry.data() + (eq == std::string::npos ? 0 : eq), arch);
    bool ok = eq != std::string::npos && eq > 0 && ec == std::errc() && end == entry.data() + eq &&
              eq + 1 < entry.size() && entry.find('/') == std::string::npos;
    if (!ok) {
      throw ConfigError("arch_binaries",
                        "entry '" + entry + "' is not ARCH=BINARY (e.g. 7=snp-x86_64.efi)");
    }
    table_[arch] = entry.substr(eq + 1);
  }
}

std::string ArchBinaries::binaryFor(std::uint16_t arch) const {
  auto it = table_.find(arch);
  return it == table_.end() ? std::string() : it->second;
}

}  // namespace smee::dhcp
