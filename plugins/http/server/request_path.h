#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smee::http {

// The path of a request target, percent-decoded and normalised: "//" and
// "/./" collapse, ".." climbs. Normalised in place, never redirected (Go's
// ServeMux answered /ipxe//ipxe.efi with a 301 that broke UEFI HTTP boot).
// nullopt when ".." would leave the root or the path holds a NUL byte.
std::optional<std::string> normalizePath(std::string_view target);

// Elements of a normalised path ("/a/b" -> {"a", "b"}).
std::vector<std::string> pathElements(const std::string& path);

}  // namespace smee::http
