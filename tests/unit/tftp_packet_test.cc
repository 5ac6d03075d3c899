#include <gtest/gtest.h>

#include "smee/proto/tftp/options.h"
#include "smee/proto/tftp/packet.h"

namespace smee::tftp {
namespace {

std::vector<std::uint8_t> bytesOf(std::string_view text) {
  return std::vector<std::uint8_t>(text.begin(), text.end());
}

Request parsed(std::string_view wire) {
  auto result = parseRequest(bytesOf(wire));
  if (auto* error = std::get_if<ParseError>(&result)) {
    ADD_FAILURE() << parseErrorName(*error);
    return {};
  }
  return std::get<Request>(result);
}

ParseError errorOf(std::string_view wire) {
  auto result = parseRequest(bytesOf(wire));
  EXPECT_TRUE(std::holds_alternative<ParseError>(result));
  return std::holds_alternative<ParseError>(result) ? std::get<ParseError>(result)
                                                    : ParseError::TooShort;
}

using namespace std::string_view_literals;

TEST(TftpRequest, ParsesRrqWithOptionsCaseInsensitively) {
  auto r = parsed("\0\1undionly.kpxe\0OCTET\0BLKSIZE\0001432\0tsize\0000\0"sv);
  EXPECT_EQ(r.opcode, Opcode::Rrq);
  EXPECT_EQ(r.filename, "undionly.kpxe");
  EXPECT_EQ(r.mode, "octet");
  ASSERT_EQ(r.options.size(), 2u);
  EXPECT_EQ(*r.option("blksize"), "1432");
  EXPECT_EQ(*r.option("tsize"), "0");
  EXPECT_EQ(encodeRequest(r), bytesOf("\0\1undionly.kpxe\0octet\0blksize\0001432\0tsize\0000\0"sv));
}

TEST(TftpRequest, RefusesMalformedRequests) {
  EXPECT_EQ(errorOf("\0"sv), ParseError::TooShort);
  EXPECT_EQ(errorOf("\0\3abc\0octet\0"sv), ParseError::UnknownOpcode);
  EXPECT_EQ(errorOf("\0\1abc"sv), ParseError::Unterminated);
  EXPECT_EQ(errorOf("\0\1abc\0octet"sv), ParseError::Unterminated);
  EXPECT_EQ(errorOf("\0\1\0octet\0"sv), ParseError::EmptyFilename);
  EXPECT_EQ(errorOf("\0\1abc\0mail\0"sv), ParseError::BadMode);
  EXPECT_EQ(errorOf("\0\1abc\0octet\0blksize\0"sv), ParseError::BadOption);
  EXPECT_EQ(errorOf("\0\1abc\0octet\0blksize\0001\0BLKSIZE\0002\0"sv), ParseError::BadOption);
  EXPECT_EQ(errorOf("\0\1abc\0octet\0blksize\0001"sv), ParseError::BadOption);
  // NUL padding after the last field is fine.
  EXPECT_EQ(parsed("\0\2abc\0netascii\0\0\0\0"sv).opcode, Opcode::Wrq);
}

TEST(TftpRequest, EveryTruncationOfARequestIsRefusedNotMisread) {
  auto wire = bytesOf("\0\1ipxe.efi\0octet\0blksize\0001468\0tsize\0000\0"sv);
  for (std::size_t n = 0; n < wire.size(); ++n) {
    auto result = parseRequest({wire.data(), n});
    if (auto* request = std::get_if<Request>(&result)) {
      // A cut right after a complete field pair is a shorter valid request.
      EXPECT_EQ(encodeRequest(*request), std::vector<std::uint8_t>(wire.begin(), wire.begin() + n));
    }
  }
}

TEST(TftpPackets, DataAckErrorOackRoundTrip) {
  std::vector<std::uint8_t> out;
  std::vector<std::uint8_t> payload = {1, 2, 3};
  encodeData(65535, payload, out);
  auto data = parseData(out);
  ASSERT_TRUE(data);
  EXPECT_EQ(data->block, 65535);
  EXPECT_EQ(std::vector<std::uint8_t>(data->payload.begin(), data->payload.end()), payload);
  EXPECT_EQ(parseAck(encodeAck(7)), 7);
  EXPECT_FALSE(parseAck(bytesOf("\0\4\0"sv)));
  EXPECT_FALSE(parseAck(encodeError(ErrorCode::NotDefined, "x")));
  auto error = parseError(encodeError(ErrorCode::AccessViolation, "no writes"));
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, 2);
  EXPECT_EQ(error->message, "no writes");
  EXPECT_EQ(encodeOack({{"blksize", "1468"}, {"tsize", "42"}}),
            bytesOf("\0\6blksize\0001468\0tsize\00042\0"sv));
}

Negotiated negotiateWire(std::string_view wire, NegotiationLimits limits = {},
                         std::uint64_t size = 1000) {
  return negotiate(parsed(wire), limits, size);
}

TEST(TftpNegotiation, EachOptionAloneAndTogether) {
  auto none = negotiateWire("\0\1f\0octet\0"sv);
  EXPECT_EQ(none.blksize, 512);
  EXPECT_TRUE(none.acknowledged.empty());

  auto blk = negotiateWire("\0\1f\0octet\0blksize\0001432\0"sv);
  EXPECT_EQ(blk.blksize, 1432);
  ASSERT_EQ(blk.acknowledged.size(), 1u);
  EXPECT_EQ(blk.acknowledged[0].value, "1432");

  auto capped = negotiateWire("\0\1f\0octet\0blksize\0009000\0"sv);
  EXPECT_EQ(capped.blksize, 1468);
  EXPECT_EQ(capped.acknowledged[0].value, "1468");

  auto tsize = negotiateWire("\0\1f\0octet\0tsize\0000\0"sv, {}, 1048576);
  EXPECT_EQ(tsize.acknowledged[0].value, "1048576");

  auto timeout = negotiateWire("\0\1f\0octet\0timeout\0003\0"sv);
  EXPECT_EQ(timeout.timeout, std::chrono::seconds(3));

  auto window = negotiateWire("\0\1f\0octet\0windowsize\00016\0"sv);
  EXPECT_EQ(window.windowsize, 16);

  auto all =
      negotiateWire("\0\1f\0octet\0blksize\0001468\0tsize\0000\0timeout\0005\0windowsize\0004\0"sv);
  EXPECT_EQ(all.acknowledged.size(), 4u);
  EXPECT_EQ(all.blksize, 1468);
  EXPECT_EQ(all.windowsize, 4);
}

TEST(TftpNegotiation, OutOfRangeAndUnknownOptionsAreLeftOut) {
  for (auto wire : {"\0\1f\0octet\0blksize\0007\0"sv, "\0\1f\0octet\0blksize\00065465\0"sv,
                    "\0\1f\0octet\0blksize\0-1\0"sv, "\0\1f\0octet\0blksize\0abc\0"sv,
                    "\0\1f\0octet\0timeout\0000\0"sv, "\0\1f\0octet\0timeout\000256\0"sv,
                    "\0\1f\0octet\0windowsize\0000\0"sv, "\0\1f\0octet\0multicast\0\0"sv,
                    "\0\1f\0octet\0tsize\0x\0"sv}) {
    auto n = negotiateWire(wire);
    EXPECT_TRUE(n.acknowledged.empty()) << n.acknowledged.size();
    EXPECT_EQ(n.blksize, 512);
    EXPECT_EQ(n.windowsize, 1);
  }
  NegotiationLimits no_window;
  no_window.allow_windowsize = false;
  EXPECT_TRUE(negotiateWire("\0\1f\0octet\0windowsize\0008\0"sv, no_window).acknowledged.empty());
  NegotiationLimits small;
  small.max_windowsize = 4;
  EXPECT_EQ(negotiateWire("\0\1f\0octet\0windowsize\00016\0"sv, small).windowsize, 4);
}

}  // namespace
}  // namespace smee::tftp
