#include "smee/proto/tftp/packet.h"

#include <algorithm>
#include <cctype>

namespace smee::tftp {
namespace {

std::uint16_t readU16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

void putU16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

void putString(std::vector<std::uint8_t>& out, std::string_view text) {
  out.insert(out.end(), text.begin(), text.end());
  out.push_back(0);
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Reads the NUL-terminated field starting at `at`; false when the datagram
// ends first.
bool nextField(std::span<const std::uint8_t> b, std::size_t& at, std::string& out) {
  auto begin = b.begin() + static_cast<std::ptrdiff_t>(at);
  auto nul = std::find(begin, b.end(), 0);
  if (nul == b.end()) return false;
  out.assign(begin, nul);
  at = static_cast<std::size_t>(nul - b.begin()) + 1;
  return true;
}

// Some clients pad requests with NULs after the last field.
bool onlyPadding(std::span<const std::uint8_t> b, std::size_t at) {
  return std::all_of(b.begin() + static_cast<std::ptrdiff_t>(at), b.end(),
                     [](std::uint8_t c) { return c == 0; });
}

}  // namespace

const std::string* Request::option(std::string_view name) const {
  for (const auto& o : options) {
    if (o.name == name) return &o.value;
  }
  return nullptr;
}

std::string_view parseErrorName(ParseError error) {
  switch (error) {
    case ParseError::TooShort:
      return "too_short";
    case ParseError::UnknownOpcode:
      return "unknown_opcode";
    case ParseError::Unterminated:
      return "unterminated_field";
    case ParseError::EmptyFilename:
      return "empty_filename";
    case ParseError::BadMode:
      return "bad_mode";
    case ParseError::BadOption:
      return "bad_option";
  }
  return "unknown";
}

std::optional<Opcode> opcodeOf(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 2) return std::nullopt;
  auto op = readU16(bytes, 0);
  if (op < 1 || op > 6) return std::nullopt;
  return static_cast<Opcode>(op);
}

std::variant<Request, ParseError> parseRequest(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 2) return ParseError::TooShort;
  auto op = opcodeOf(bytes);
  if (op != Opcode::Rrq && op != Opcode::Wrq) return ParseError::UnknownOpcode;
  Request request;
  request.opcode = *op;
  std::size_t at = 2;
  if (!nextField(bytes, at, request.filename)) return ParseError::Unterminated;
  if (request.filename.empty()) return ParseError::EmptyFilename;
  if (!nextField(bytes, at, request.mode)) return ParseError::Unterminated;
  request.mode = lower(request.mode);
  if (request.mode != "octet" && request.mode != "netascii") return ParseError::BadMode;
  while (at < bytes.size() && !onlyPadding(bytes, at)) {
    Option option;
    if (!nextField(bytes, at, option.name)) return ParseError::Unterminated;
    if (option.name.empty() || !nextField(bytes, at, option.value)) return ParseError::BadOption;
    option.name = lower(option.name);
    if (request.option(option.name)) return ParseError::BadOption;
    request.options.push_back(std::move(option));
  }
  return request;
}

std::optional<std::uint16_t> parseAck(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 4 || opcodeOf(bytes) != Opcode::Ack) return std::nullopt;
  return readU16(bytes, 2);
}

std::optional<ErrorPacket> parseError(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 4 || opcodeOf(bytes) != Opcode::Error) return std::nullopt;
  ErrorPacket error{readU16(bytes, 2), {}};
  std::size_t at = 4;
  if (!nextField(bytes, at, error.message)) {
    error.message.assign(bytes.begin() + 4, bytes.end());  // tolerate a missing NUL
  }
  return error;
}

std::optional<DataPacket> parseData(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 4 || opcodeOf(bytes) != Opcode::Data) return std::nullopt;
  return DataPacket{readU16(bytes, 2), bytes.subspan(4)};
}

std::vector<std::uint8_t> encodeRequest(const Request& request) {
  std::vector<std::uint8_t> out;
  putU16(out, static_cast<std::uint16_t>(request.opcode));
  putString(out, request.filename);
  putString(out, request.mode);
  for (const auto& o : request.options) {
    putString(out, o.name);
    putString(out, o.value);
  }
  return out;
}

void encodeData(std::uint16_t block, std::span<const std::uint8_t> payload,
                std::vector<std::uint8_t>& out) {
  out.clear();
  putU16(out, static_cast<std::uint16_t>(Opcode::Data));
  putU16(out, block);
  out.insert(out.end(), payload.begin(), payload.end());
}

std::vector<std::uint8_t> encodeAck(std::uint16_t block) {
  std::vector<std::uint8_t> out;
  putU16(out, static_cast<std::uint16_t>(Opcode::Ack));
  putU16(out, block);
  return out;
}

std::vector<std::uint8_t> encodeError(ErrorCode code, std::string_view message) {
  std::vector<std::uint8_t> out;
  putU16(out, static_cast<std::uint16_t>(Opcode::Error));
  putU16(out, static_cast<std::uint16_t>(code));
  putString(out, message);
  return out;
}

std::vector<std::uint8_t> encodeOack(const std::vector<Option>& options) {
  std::vector<std::uint8_t> out;
  putU16(out, static_cast<std::uint16_t>(Opcode::Oack));
  for (const auto& o : options) {
    putString(out, o.name);
    putString(out, o.value);
  }
  return out;
}

}  // namespace smee::tftp
