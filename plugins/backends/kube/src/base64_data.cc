#include "base64_data.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>

#include <iterator>
#include <sstream>

#include "kubeconfig.h"

namespace smee::backend_kube {

namespace {

bool isBase64Letter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

bool isBlank(char c) { return c == '\n' || c == '\r' || c == ' ' || c == '\t'; }

}  // namespace

std::string decodeBase64(std::string_view text, std::string_view what) {
  // Poco's decoder stops quietly at the first '=' and skips what it does not
  // know, so the text is checked first: a truncated or corrupted certificate
  // must be an error here, not a puzzling TLS failure later.
  auto bad = [&](const std::string& why) {
    return KubeconfigError(std::string(what) + ": not valid base64 (" + why + ")");
  };
  std::string letters;
  letters.reserve(text.size());
  std::size_t padding = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (isBlank(c)) continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding > 0) throw bad("text after the '=' padding at offset " + std::to_string(i));
    if (!isBase64Letter(c)) {
      const bool printable = c > 0x20 && c < 0x7f;
      throw bad(
          (printable ? std::string("'") + c + "'" : std::string("a control or non-ASCII byte")) +
          " at offset " + std::to_string(i));
    }
    letters += c;
  }
  if (letters.size() % 4 == 1) throw bad("truncated");
  if (padding > 0 && (padding > 2 || (letters.size() + padding) % 4 != 0)) {
    throw bad("wrong padding");
  }
  std::istringstream in(letters);
  // The letters alone, unpadded: Poco needs to be told the '=' are missing.
  Poco::Base64Decoder decoder(in, Poco::BASE64_NO_PADDING);
  try {
    // Read through the buffer, not with operator<<, which would swallow
    // Poco's DataFormatException into a stream flag.
    return std::string(std::istreambuf_iterator<char>(decoder), {});
  } catch (const Poco::Exception& e) {
    throw bad(e.displayText());
  }
}

}  // namespace smee::backend_kube
