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

// The binary a normalised /ipxe/ path asks for: what follows "/ipxe/"
// ("/ipxe/aa:bb:cc:dd:ee:ff/ipxe.efi" -> "aa:bb:cc:dd:ee:ff/ipxe.efi"), and
// "" for "/ipxe" itself, which the binary source refuses as an empty name.
std::string ipxeRequestName(const std::string& path);

}  // namespace smee::http
