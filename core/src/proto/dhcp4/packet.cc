#include "smee/proto/dhcp4/packet.h"

#include <algorithm>

#include "big_endian.h"

namespace smee::dhcp4 {
namespace {

constexpr std::uint8_t kCookie[4] = {99, 130, 83, 99};
constexpr std::size_t kSnameOffset = 44, kSnameSize = 64;
constexpr std::size_t kFileOffset = 108, kFileSize = 128;

std::uint32_t readU32(std::span<const std::uint8_t> b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
         (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}

// A NUL-terminated (or full-width) text field.
void readField(std::span<const std::uint8_t> field, std::string& out) {
  auto end = std::find(field.begin(), field.end(), 0);
  out.assign(field.begin(), end);
}

// Walks one option area. Returns false on a truncated option; `ended`
// tells whether option 255 was seen. Checks are written as `remaining < n`
// so no index arithmetic can overflow.
bool readOptionArea(std::span<const std::uint8_t> area, Options& options, bool& ended) {
  std::size_t i = 0;
  ended = false;
  while (i < area.size()) {
    std::uint8_t code = area[i];
    if (code == opt::kPad) {
      ++i;
      continue;
    }
    if (code == opt::kEnd) {
      ended = true;
      return true;
    }
    if (area.size() - i < 2) return false;
    std::size_t length = area[i + 1];
    if (area.size() - i - 2 < length) return false;
    options.append(code, area.subspan(i + 2, length));
    i += 2 + length;
  }
  return true;
}

void putField(std::vector<std::uint8_t>& out, std::string_view text, std::size_t width) {
  std::size_t n = std::min(text.size(), width - 1);  // always NUL-terminated
  out.insert(out.end(), text.begin(), text.begin() + static_cast<std::ptrdiff_t>(n));
  out.insert(out.end(), width - n, 0);
}

// RFC 3396: a value over 255 bytes becomes several instances of the code.
void putOption(std::vector<std::uint8_t>& out, std::uint8_t code,
               const std::vector<std::uint8_t>& data) {
  if (data.empty()) {
    out.push_back(code);
    out.push_back(0);
    return;
  }
  for (std::size_t at = 0; at < data.size(); at += 255) {
    std::size_t n = std::min<std::size_t>(255, data.size() - at);
    out.push_back(code);
    out.push_back(static_cast<std::uint8_t>(n));
    out.insert(out.end(), data.begin() + static_cast<std::ptrdiff_t>(at),
               data.begin() + static_cast<std::ptrdiff_t>(at + n));
  }
}

}  // namespace

std::string_view decodeErrorName(DecodeError error) {
  switch (error) {
    case DecodeError::TooShort:
      return "too_short";
    case DecodeError::NoMagicCookie:
      return "no_magic_cookie";
    case DecodeError::TruncatedOption:
      return "truncated_option";
    case DecodeError::NoEndOption:
      return "no_end_option";
    case DecodeError::BadOverload:
      return "bad_overload";
  }
  return "unknown";
}

MacAddress Packet::mac() const {
  std::array<std::uint8_t, 6> bytes{};
  std::copy_n(chaddr.begin(), 6, bytes.begin());
  return MacAddress(bytes);
}

void Packet::setMac(const MacAddress& mac) {
  chaddr.fill(0);
  std::copy(mac.bytes().begin(), mac.bytes().end(), chaddr.begin());
  htype = 1;
  hlen = 6;
}

void Packet::clear() {
  op = Op::BootRequest;
  htype = 1;
  hlen = 6;
  hops = 0;
  xid = 0;
  secs = 0;
  flags = 0;
  ciaddr = yiaddr = siaddr = giaddr = Ipv4Address();
  chaddr.fill(0);
  sname.clear();
  file.clear();
  options.clear();
}

std::variant<Packet, DecodeError> Packet::decode(std::span<const std::uint8_t> b) {
  Packet p;
  if (auto error = decodeInto(b, p)) return *error;
  return p;
}

std::optional<DecodeError> Packet::decodeInto(std::span<const std::uint8_t> bytes, Packet& out) {
  if (bytes.size() < kHeaderSize) return DecodeError::TooShort;
  if (bytes.size() < kHeaderSize + 4 ||
      !std::equal(kCookie, kCookie + 4, bytes.begin() + kHeaderSize)) {
    return DecodeError::NoMagicCookie;
  }
  out.clear();
  out.op = static_cast<Op>(bytes[0]);
  out.htype = bytes[1];
  out.hlen = std::min<std::uint8_t>(bytes[2], 16);
  out.hops = bytes[3];
  out.xid = readU32(bytes, 4);
  out.secs = static_cast<std::uint16_t>((bytes[8] << 8) | bytes[9]);
  out.flags = static_cast<std::uint16_t>((bytes[10] << 8) | bytes[11]);
  out.ciaddr = Ipv4Address(readU32(bytes, 12));
  out.yiaddr = Ipv4Address(readU32(bytes, 16));
  out.siaddr = Ipv4Address(readU32(bytes, 20));
  out.giaddr = Ipv4Address(readU32(bytes, 24));
  std::copy_n(bytes.begin() + 28, 16, out.chaddr.begin());

  bool ended = false;
  if (!readOptionArea(bytes.subspan(kHeaderSize + 4), out.options, ended)) {
    return DecodeError::TruncatedOption;
  }
  if (!ended) return DecodeError::NoEndOption;

  // Option overload (RFC 2132 9.3): file, then sname, carry more options.
  std::uint8_t overload = out.options.u8(opt::kOverload).value_or(0);
  if (out.options.has(opt::kOverload) && (overload < 1 || overload > 3)) {
    return DecodeError::BadOverload;
  }
  auto sname_area = bytes.subspan(kSnameOffset, kSnameSize);
  auto file_area = bytes.subspan(kFileOffset, kFileSize);
  if (overload & 1) {
    bool field_ended = false;
    if (!readOptionArea(file_area, out.options, field_ended)) return DecodeError::TruncatedOption;
  } else {
    readField(file_area, out.file);
  }
  if (overload & 2) {
    bool field_ended = false;
    if (!readOptionArea(sname_area, out.options, field_ended)) return DecodeError::TruncatedOption;
  } else {
    readField(sname_area, out.sname);
  }
  return std::nullopt;
}

std::vector<std::uint8_t> Packet::encode() const {
  std::vector<std::uint8_t> out;
  out.reserve(kMinPacketSize + 64);
  encodeInto(out);
  return out;
}

void Packet::encodeInto(std::vector<std::uint8_t>& out) const {
  out.clear();
  out.push_back(static_cast<std::uint8_t>(op));
  out.push_back(htype);
  out.push_back(hlen);
  out.push_back(hops);
  putU32(out, xid);
  putU16(out, secs);
  putU16(out, flags);
  for (auto a : {ciaddr, yiaddr, siaddr, giaddr}) putU32(out, a.value());
  out.insert(out.end(), chaddr.begin(), chaddr.end());

  // Names that do not fit their header field travel in options 66/67
  // instead of being cut (Smee truncates them silently). Made only then,
  // so the usual reply is encoded without copying its options.
  bool sname_fits = sname.size() < kSnameSize;
  bool file_fits = file.size() < kFileSize;
  Option long_sname, long_file;
  putField(out, sname_fits ? std::string_view(sname) : std::string_view(), kSnameSize);
  putField(out, file_fits ? std::string_view(file) : std::string_view(), kFileSize);
  out.insert(out.end(), kCookie, kCookie + 4);

  // One entry per code, so an unstable sort of pointers on the stack gives
  // the same order as sorting the options themselves.
  std::array<const Option*, 258> sorted;
  std::size_t count = 0;
  for (const auto& o : options.all()) {
    if (o.code != opt::kPad && o.code != opt::kEnd) sorted[count++] = &o;
  }
  if (!sname_fits && !options.has(opt::kTftpServerName)) {
    long_sname = {opt::kTftpServerName, std::vector<std::uint8_t>(sname.begin(), sname.end())};
    sorted[count++] = &long_sname;
  }
  if (!file_fits && !options.has(opt::kBootFileName)) {
    long_file = {opt::kBootFileName, std::vector<std::uint8_t>(file.begin(), file.end())};
    sorted[count++] = &long_file;
  }
  // Ascending codes, except relay agent information (82), which RFC 3046
  // wants last.
  std::sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(count),
            [](const Option* a, const Option* b) {
              bool a82 = a->code == opt::kRelayAgentInfo, b82 = b->code == opt::kRelayAgentInfo;
              if (a82 != b82) return b82;
              return a->code < b->code;
            });
  for (std::size_t i = 0; i < count; ++i) putOption(out, sorted[i]->code, sorted[i]->data);
  out.push_back(opt::kEnd);
  if (out.size() < kMinPacketSize) out.resize(kMinPacketSize, 0);
}

}  // namespace smee::dhcp4
