#pragma once

#include <string>
#include <vector>

#include "smee/proto/dhcp4/packet.h"

namespace smee::dhcp {

// Bytes from a hex string with optional spaces: "06 01 08".
inline std::vector<std::uint8_t> hexBytes(const std::string& text) {
  std::vector<std::uint8_t> out;
  std::string digits;
  for (char c : text) {
    if (c != ' ' && c != '\n') digits.push_back(c);
  }
  for (std::size_t i = 0; i + 1 < digits.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(digits.substr(i, 2), nullptr, 16)));
  }
  return out;
}

// A PXE client request with the options spec 2.2 looks at.
inline dhcp4::Packet pxeRequest(dhcp4::MessageType type, const std::string& mac,
                                const std::string& vendor_class, std::uint16_t arch,
                                const std::string& user_class = "") {
  dhcp4::Packet p;
  p.xid = 0x01020304;
  p.setMac(*MacAddress::parse(mac));
  p.options.set(dhcp4::opt::kMessageType, {static_cast<std::uint8_t>(type)});
  p.options.setString(dhcp4::opt::kClassId, vendor_class);
  p.options.set(dhcp4::opt::kClientArch,
                {static_cast<std::uint8_t>(arch >> 8), static_cast<std::uint8_t>(arch)});
  p.options.set(dhcp4::opt::kClientNdi, {1, 2, 1});
  std::vector<std::uint8_t> guid(17);
  for (std::size_t i = 1; i < guid.size(); ++i) guid[i] = static_cast<std::uint8_t>(i);
  p.options.set(dhcp4::opt::kClientGuid, guid);
  if (!user_class.empty()) p.options.setString(dhcp4::opt::kUserClass, user_class);
  return p;
}

// The 236-byte header plus cookie that a reply to `request` starts with,
// written out field by field (independently of Packet::encode).
inline std::vector<std::uint8_t> replyHeader(const dhcp4::Packet& request, const char* yiaddr,
                                             const char* siaddr, const std::string& sname,
                                             const std::string& file) {
  std::vector<std::uint8_t> b = {2, 1, 6, 0};
  for (int shift = 24; shift >= 0; shift -= 8)
    b.push_back(static_cast<std::uint8_t>(request.xid >> shift));
  b.insert(b.end(), {0, 0, static_cast<std::uint8_t>(request.flags >> 8),
                     static_cast<std::uint8_t>(request.flags)});
  auto put_ip = [&](const char* text) {
    std::uint32_t v = Ipv4Address::parse(text)->value();
    for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<std::uint8_t>(v >> shift));
  };
  put_ip("0.0.0.0");
  put_ip(yiaddr);
  put_ip(siaddr);
  put_ip("0.0.0.0");
  b.insert(b.end(), request.chaddr.begin(), request.chaddr.end());
  auto put_text = [&](const std::string& text, std::size_t width) {
    b.insert(b.end(), text.begin(), text.end());
    b.insert(b.end(), width - text.size(), 0);
  };
  put_text(sname, 64);
  put_text(file, 128);
  b.insert(b.end(), {99, 130, 83, 99});
  return b;
}

}  // namespace smee::dhcp
