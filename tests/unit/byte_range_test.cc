// The one Range parser of /ipxe/ and /iso/ against RFC 9110 section 14.
#include "smee/proto/http/byte_range.h"

#include <gtest/gtest.h>

namespace smee::http {
namespace {

struct Case {
  const char* header;
  RangeHeader parsed;
  // For a body of 1000 bytes: the slice, or -1 when unsatisfiable / not a range.
  long long first, last;
};

TEST(ByteRange, Rfc9110Table) {
  const Case cases[] = {
      {"", RangeHeader::Absent, -1, -1},
      {"   ", RangeHeader::Absent, -1, -1},
      {"bytes=0-1", RangeHeader::Single, 0, 1},
      {"Bytes=0-1", RangeHeader::Single, 0, 1},  // units are case-insensitive
      {"BYTES=0-1", RangeHeader::Single, 0, 1},
      {"bytes= 0-1", RangeHeader::Single, 0, 1},  // OWS of the list rule
      {"bytes=0-1 ", RangeHeader::Single, 0, 1},
      {"bytes = 0-1", RangeHeader::Single, 0, 1},
      {"bytes=0 - 1", RangeHeader::Single, 0, 1},
      {"bytes=-5", RangeHeader::Single, 995, 999},
      {"bytes=-5000", RangeHeader::Single, 0, 999},  // longer than the body: all of it
      {"bytes=5-", RangeHeader::Single, 5, 999},
      {"bytes=990-5000", RangeHeader::Single, 990, 999},
      {"bytes=0-18446744073709551615", RangeHeader::Single, 0, 999},
      {"bytes=999-999", RangeHeader::Single, 999, 999},
      {"bytes=1000-", RangeHeader::Single, -1, -1},  // past the end: 416
      {"bytes=1000-2000", RangeHeader::Single, -1, -1},
      {"bytes=-0", RangeHeader::Unsatisfiable, -1, -1},
      {"bytes=5-2", RangeHeader::Ignored, -1, -1},  // invalid, so the whole body
      {"bytes=abc", RangeHeader::Ignored, -1, -1},
      {"bytes=", RangeHeader::Ignored, -1, -1},
      {"bytes=-", RangeHeader::Ignored, -1, -1},
      {"bytes=+1-2", RangeHeader::Ignored, -1, -1},
      {"bytes=1-+2", RangeHeader::Ignored, -1, -1},
      {"bytes 1-2", RangeHeader::Ignored, -1, -1},
      {"byte=1-2", RangeHeader::Ignored, -1, -1},
      {"bytesx=1-2", RangeHeader::Ignored, -1, -1},
      {"items=0-1", RangeHeader::Ignored, -1, -1},
      {"bytes=0-1,4-5", RangeHeader::Ignored, -1, -1},  // several ranges: the whole body
      {"bytes=0-1, -0", RangeHeader::Ignored, -1, -1},
      {"bytes=99999999999999999999-", RangeHeader::Ignored, -1, -1},  // overflow
      {"bytes=1-99999999999999999999", RangeHeader::Ignored, -1, -1},
      {"bytes=0x10-20", RangeHeader::Ignored, -1, -1},
  };
  for (const Case& c : cases) {
    RangeSpec spec;
    EXPECT_EQ(parseRangeHeader(c.header, spec), c.parsed) << c.header;
    if (c.parsed != RangeHeader::Single && c.parsed != RangeHeader::Unsatisfiable) continue;
    auto slice = resolveRange(spec, 1000);
    if (c.first < 0) {
      EXPECT_FALSE(slice) << c.header;
    } else {
      ASSERT_TRUE(slice) << c.header;
      EXPECT_EQ(slice->first, static_cast<std::uint64_t>(c.first)) << c.header;
      EXPECT_EQ(slice->last, static_cast<std::uint64_t>(c.last)) << c.header;
    }
  }
}

TEST(ByteRange, EmptyBodyHasNoSatisfiableRange) {
  RangeSpec spec;
  ASSERT_EQ(parseRangeHeader("bytes=0-", spec), RangeHeader::Single);
  EXPECT_FALSE(resolveRange(spec, 0));
  ASSERT_EQ(parseRangeHeader("bytes=-1", spec), RangeHeader::Single);
  EXPECT_FALSE(resolveRange(spec, 0));
}

TEST(ByteRange, ContentRangeStrings) {
  EXPECT_EQ(contentRange({5, 9}, 1000), "bytes 5-9/1000");
  EXPECT_EQ(contentRange({5, 9}, std::nullopt), "bytes 5-9/*");
  EXPECT_EQ(unsatisfiedContentRange(1000), "bytes */1000");
  EXPECT_EQ((ByteSlice{5, 9}.size()), 5u);
}

}  // namespace
}  // namespace smee::http
