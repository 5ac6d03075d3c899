#pragma once

#include <string>
#include <string_view>

namespace smee::app {

// `smeed --help`: smeed's own options, then Smee's flags grouped by
// component exactly as Smee's usage lists them.
std::string usageText(std::string_view detected_public_ip);

}  // namespace smee::app
