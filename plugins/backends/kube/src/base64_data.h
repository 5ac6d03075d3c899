#pragma once

#include <string>
#include <string_view>

namespace smee::backend_kube {

// Standard base64 as kubeconfig `*-data` fields hold it (certificates, keys),
// decoded by Poco::Base64Decoder. Line breaks and blanks are ignored, the
// padding may be left out; anything else that is not base64 (a stray
// character, text after the padding, a lone final character) throws
// KubeconfigError naming `what` and the place.
std::string decodeBase64(std::string_view text, std::string_view what);

}  // namespace smee::backend_kube
