#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "smee/export.h"

namespace smee::tftp {

enum class Opcode : std::uint16_t { Rrq = 1, Wrq = 2, Data = 3, Ack = 4, Error = 5, Oack = 6 };

// RFC 1350 error codes (8 is RFC 2347's option refusal).
enum class ErrorCode : std::uint16_t {
  NotDefined = 0,
  FileNotFound = 1,
  AccessViolation = 2,
  DiskFull = 3,
  IllegalOperation = 4,
  UnknownTransferId = 5,
  FileExists = 6,
  NoSuchUser = 7,
  OptionRefused = 8,
};

struct Option {
  std::string name;  // lower-cased: option names are case-insensitive (RFC 2347)
  std::string value;
};

// A read or write request (RFC 1350 + RFC 2347 options).
struct Request {
  Opcode opcode = Opcode::Rrq;
  std::string filename;
  std::string mode;  // lower-cased: "octet" or "netascii" ("mail" is refused)
  std::vector<Option> options;

  const std::string* option(std::string_view name) const;
};

// Why a datagram is not a usable request: each is a counted drop or an
// ERROR reply.
enum class ParseError {
  TooShort,  // fewer than 2 bytes, or a DATA/ACK/ERROR shorter than its header
  UnknownOpcode,
  Unterminated,  // a field without its NUL
  EmptyFilename,
  BadMode,    // not octet or netascii
  BadOption,  // an option name without a value, or repeated
};

SMEE_API std::string_view parseErrorName(ParseError error);

SMEE_API std::optional<Opcode> opcodeOf(std::span<const std::uint8_t> bytes);

// RRQ or WRQ. Fields are scanned within the datagram only (dnsmasq's
// next()): never reads past the end, never throws.
SMEE_API std::variant<Request, ParseError> parseRequest(std::span<const std::uint8_t> bytes);

// ACK: the block number, or nullopt when the datagram is not an ACK.
SMEE_API std::optional<std::uint16_t> parseAck(std::span<const std::uint8_t> bytes);

struct ErrorPacket {
  std::uint16_t code = 0;
  std::string message;
};
SMEE_API std::optional<ErrorPacket> parseError(std::span<const std::uint8_t> bytes);

struct DataPacket {
  std::uint16_t block = 0;
  std::span<const std::uint8_t> payload;
};
SMEE_API std::optional<DataPacket> parseData(std::span<const std::uint8_t> bytes);

SMEE_API std::vector<std::uint8_t> encodeRequest(const Request& request);
// DATA header + payload written into `out` (reused buffer, no allocation
// once it has grown).
SMEE_API void encodeData(std::uint16_t block, std::span<const std::uint8_t> payload,
                         std::vector<std::uint8_t>& out);
SMEE_API std::vector<std::uint8_t> encodeAck(std::uint16_t block);
SMEE_API std::vector<std::uint8_t> encodeError(ErrorCode code, std::string_view message);
SMEE_API std::vector<std::uint8_t> encodeOack(const std::vector<Option>& options);

}  // namespace smee::tftp
