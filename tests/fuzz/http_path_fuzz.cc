// libFuzzer harness for what the HTTP plugin makes of a request target:
// the path normaliser (percent-decoding, "//", "." and ".."), the /ipxe/
// binary name and its MAC directory, and the MAC element of a script path
// ("/<mac>/auto.ipxe"). The input is the raw request target.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "../../plugins/http/http-server/src/request_path.h"
#include "../../plugins/tftp/ipxe-binaries/src/requested_name.h"
#include "smee/net/mac_address.h"

using smee::MacAddress;

// Names the broken property before aborting, so a crash file explains itself.
#define CHECK(ok)                                                        \
  do {                                                                   \
    if (!(ok)) {                                                         \
      std::fprintf(stderr, "http_path_fuzz.cc:%d: %s\n", __LINE__, #ok); \
      std::abort();                                                      \
    }                                                                    \
  } while (0)

namespace {

// A MAC that parsed prints back to text that parses to the same address,
// in every format smeed writes.
void checkMacRoundTrip(const MacAddress& mac) {
  for (auto format : {MacAddress::Format::Colon, MacAddress::Format::Dash, MacAddress::Format::Dot,
                      MacAddress::Format::NoDelimiter}) {
    auto again = MacAddress::parse(mac.toString(format));
    CHECK(again && *again == mac);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view target(reinterpret_cast<const char*>(data), size);
  if (auto mac = MacAddress::parse(target)) checkMacRoundTrip(*mac);

  auto path = smee::http::normalizePath(target);
  if (!path) return 0;
  // Normalised: rooted, no empty, "." or ".." element, no NUL byte.
  CHECK(!path->empty() && (*path)[0] == '/');
  CHECK(path->find('\0') == std::string::npos);
  CHECK(*path == "/" || path->back() != '/');
  auto elements = smee::http::pathElements(*path);
  std::string rebuilt;
  for (const auto& part : elements) {
    CHECK(!part.empty() && part != "." && part != ".." && part.find('/') == std::string::npos);
    rebuilt += "/" + part;
  }
  CHECK(rebuilt.empty() ? *path == "/" : rebuilt == *path);
  // Without a '%' left to decode or a decoded '?' or '#' that would now cut
  // the path short, normalising again changes nothing.
  if (path->find_first_of("%?#") == std::string::npos) {
    CHECK(smee::http::normalizePath(*path) == *path);
  }

  if (!elements.empty() && elements[0] == "ipxe") {
    auto name = smee::ipxe_binaries::parseRequestedName(smee::http::ipxeRequestName(*path));
    if (name.refusal.empty()) {
      // Never a way out of the binary directories.
      CHECK(!name.path.empty() && name.path[0] != '/');
      CHECK(("/" + name.path + "/").find("/../") == std::string::npos);
      CHECK(name.base.find('/') == std::string::npos);
      if (!name.mac.empty()) {
        auto mac = MacAddress::parse(name.mac);
        CHECK(mac && mac->toString() == name.mac);
      }
    }
  }
  if (elements.size() >= 2 && elements.back() == "auto.ipxe") {
    if (auto mac = MacAddress::parse(elements[elements.size() - 2])) checkMacRoundTrip(*mac);
  }
  return 0;
}
