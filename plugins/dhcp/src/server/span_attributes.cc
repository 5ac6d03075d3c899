#include "span_attributes.h"

#include <string>

namespace smee::dhcp {
namespace {

namespace opt = dhcp4::opt;

std::string hex(const std::vector<std::uint8_t>& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (auto b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0x0f];
  }
  return out;
}

std::string ipv4List(const std::vector<std::uint8_t>& bytes) {
  std::string out;
  for (std::size_t i = 0; i + 4 <= bytes.size(); i += 4) {
    std::uint32_t v = std::uint32_t{bytes[i]} << 24 | std::uint32_t{bytes[i + 1]} << 16 |
                      std::uint32_t{bytes[i + 2]} << 8 | bytes[i + 3];
    out += (out.empty() ? "" : ",") + Ipv4Address(v).toString();
  }
  return out;
}

// RFC 1035 labels as written in option 119 (uncompressed, as clients and
// Smee send it); a compression pointer ends the list.
std::string domainList(const std::vector<std::uint8_t>& bytes) {
  std::string out, name;
  for (std::size_t i = 0; i < bytes.size();) {
    std::size_t length = bytes[i++];
    if (length == 0) {
      out += (out.empty() ? "" : ",") + name;
      name.clear();
      continue;
    }
    if (length > 63 || i + length > bytes.size()) break;
    name += (name.empty() ? "" : ".") + std::string(bytes.begin() + i, bytes.begin() + i + length);
    i += length;
  }
  return out;
}

// The header fields Smee's spans carry, under Smee's attribute names.
void addHeaderAttributes(ScopedSpan& span, const std::string& prefix, const dhcp4::Packet& packet) {
  span.setString(prefix + "Header.flags", packet.broadcast() ? "Broadcast" : "Unicast");
  span.setString(prefix + "Header.transactionID",
                 "0x" + hex({static_cast<std::uint8_t>(packet.xid >> 24),
                             static_cast<std::uint8_t>(packet.xid >> 16),
                             static_cast<std::uint8_t>(packet.xid >> 8),
                             static_cast<std::uint8_t>(packet.xid)}));
  span.setString(prefix + "Header.yiaddr", packet.yiaddr.toString());
  span.setString(prefix + "Header.siaddr", packet.siaddr.toString());
  span.setString(prefix + "Header.chaddr", packet.mac().toString());
  if (!packet.file.empty()) span.setString(prefix + "Header.file", packet.file);
}

// The options Smee's spans carry, each under Smee's attribute name and
// written the way Smee writes it.
struct NamedOption {
  std::uint8_t code;
  const char* name;
  enum { Addresses, Text, Seconds, Type, Hex, Domains } form;
};
constexpr NamedOption kNamedOptions[] = {
    {opt::kSubnetMask, "Opt1.SubnetMask", NamedOption::Addresses},
    {opt::kRouter, "Opt3.DefaultGateway", NamedOption::Addresses},
    {opt::kDomainNameServer, "Opt6.NameServers", NamedOption::Addresses},
    {opt::kHostName, "Opt12.Hostname", NamedOption::Text},
    {opt::kDomainName, "Opt15.DomainName", NamedOption::Text},
    {opt::kBroadcastAddress, "Opt28.BroadcastAddress", NamedOption::Addresses},
    {opt::kNtpServers, "Opt42.NTPServers", NamedOption::Addresses},
    {opt::kLeaseTime, "Opt51.LeaseTime", NamedOption::Seconds},
    {opt::kMessageType, "Opt53.MessageType", NamedOption::Type},
    {opt::kServerId, "Opt54.ServerIdentifier", NamedOption::Addresses},
    {opt::kClassId, "Opt60.ClassIdentifier", NamedOption::Text},
    {opt::kClientArch, "Opt93.ClientIdentifier", NamedOption::Hex},
    {opt::kClientNdi, "Opt94.ClientNetworkInterfaceIdentifier", NamedOption::Hex},
    {opt::kClientGuid, "Opt97.ClientMachineIdentifier", NamedOption::Hex},
    {opt::kDomainSearch, "Opt119.DomainSearch", NamedOption::Domains},
};

void addOptionAttributes(ScopedSpan& span, const std::string& prefix, const dhcp4::Packet& packet) {
  const auto& o = packet.options;
  for (const auto& named : kNamedOptions) {
    const auto* data = o.find(named.code);
    if (!data) continue;
    const std::string key = prefix + named.name;
    switch (named.form) {
      case NamedOption::Addresses:
        span.setString(key, ipv4List(*data));
        break;
      case NamedOption::Text:
        span.setString(key, std::string(data->begin(), data->end()));
        break;
      case NamedOption::Seconds:
        if (auto v = o.u32(named.code)) span.setInt(key, *v);
        break;
      case NamedOption::Type:
        if (auto t = o.messageType()) span.setString(key, std::string(dhcp4::messageTypeName(*t)));
        break;
      case NamedOption::Hex:
        span.setString(key, hex(*data));
        break;
      case NamedOption::Domains:
        span.setString(key, domainList(*data));
        break;
    }
  }
}

}  // namespace

void addPacketAttributes(ScopedSpan& span, std::string_view side, const dhcp4::Packet& packet) {
  if (!span) return;
  const std::string prefix = "DHCP." + std::string(side) + ".";
  addHeaderAttributes(span, prefix, packet);
  addOptionAttributes(span, prefix, packet);
}

}  // namespace smee::dhcp
