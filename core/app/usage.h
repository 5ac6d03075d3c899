#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace smee::app {

// One of smeed's own options, as --help and the manual page list it.
struct OptionDoc {
  std::string_view names;  // "-c, --config"
  std::string_view arg;    // "FILE", or empty
  std::string_view text;
};
const std::vector<OptionDoc>& smeedOptions();

// `smeed --help`: smeed's own options, then Smee's flags grouped by
// component exactly as Smee's usage lists them.
std::string usageText(std::string_view detected_public_ip);

// `smeed --man`: smeed(8) in roff, from the same tables as --help (smeed's
// options, every Smee flag, the core config keys), written at build time so
// the manual cannot drift from the binary.
std::string manPage(std::string_view version);

}  // namespace smee::app
