#include "smee/proto/dhcp4/options.h"

#include <algorithm>

#include "big_endian.h"

namespace smee::dhcp4 {

std::string_view messageTypeName(MessageType type) {
  switch (type) {
    case MessageType::Discover:
      return "DISCOVER";
    case MessageType::Offer:
      return "OFFER";
    case MessageType::Request:
      return "REQUEST";
    case MessageType::Decline:
      return "DECLINE";
    case MessageType::Ack:
      return "ACK";
    case MessageType::Nak:
      return "NAK";
    case MessageType::Release:
      return "RELEASE";
    case MessageType::Inform:
      return "INFORM";
  }
  return "UNKNOWN";
}

const std::vector<std::uint8_t>* Options::find(std::uint8_t code) const {
  for (const auto& option : options_) {
    if (option.code == code) return &option.data;
  }
  return nullptr;
}

std::vector<std::uint8_t>& Options::slot(std::uint8_t code) {
  for (auto& option : options_) {
    if (option.code == code) {
      option.data.clear();
      return option.data;
    }
  }
  if (spare_.empty()) {
    options_.push_back({code, {}});
  } else {
    options_.push_back(std::move(spare_.back()));
    spare_.pop_back();
    options_.back().code = code;
    options_.back().data.clear();
  }
  return options_.back().data;
}

void Options::set(std::uint8_t code, std::vector<std::uint8_t> data) {
  for (auto& option : options_) {
    if (option.code == code) {
      option.data = std::move(data);
      return;
    }
  }
  options_.push_back({code, std::move(data)});
}

void Options::assign(std::uint8_t code, std::span<const std::uint8_t> data) {
  slot(code).assign(data.begin(), data.end());
}

void Options::setString(std::uint8_t code, std::string_view text) {
  slot(code).assign(text.begin(), text.end());
}

void Options::setU8(std::uint8_t code, std::uint8_t value) { slot(code).push_back(value); }

void Options::setIpv4(std::uint8_t code, Ipv4Address address) {
  putU32(slot(code), address.value());
}

void Options::setIpv4List(std::uint8_t code, const std::vector<Ipv4Address>& addresses) {
  auto& data = slot(code);
  for (auto a : addresses) putU32(data, a.value());
}

void Options::setU32(std::uint8_t code, std::uint32_t value) { putU32(slot(code), value); }

void Options::remove(std::uint8_t code) {
  std::erase_if(options_, [code](const Option& o) { return o.code == code; });
}

void Options::clear() {
  for (auto& option : options_) spare_.push_back(std::move(option));
  options_.clear();
}

void Options::append(std::uint8_t code, std::span<const std::uint8_t> data) {
  for (auto& option : options_) {
    if (option.code == code) {
      option.data.insert(option.data.end(), data.begin(), data.end());
      return;
    }
  }
  slot(code).assign(data.begin(), data.end());
}

std::optional<MessageType> Options::messageType() const {
  auto v = u8(opt::kMessageType);
  if (!v || *v < 1 || *v > 8) return std::nullopt;
  return static_cast<MessageType>(*v);
}

std::optional<Ipv4Address> Options::ipv4(std::uint8_t code) const {
  auto v = u32(code);
  if (!v) return std::nullopt;
  return Ipv4Address(*v);
}

std::optional<std::uint32_t> Options::u32(std::uint8_t code) const {
  const auto* d = find(code);
  if (!d || d->size() < 4) return std::nullopt;
  return (std::uint32_t{(*d)[0]} << 24) | (std::uint32_t{(*d)[1]} << 16) |
         (std::uint32_t{(*d)[2]} << 8) | (*d)[3];
}

std::optional<std::uint16_t> Options::u16(std::uint8_t code) const {
  const auto* d = find(code);
  if (!d || d->size() < 2) return std::nullopt;
  return static_cast<std::uint16_t>(((*d)[0] << 8) | (*d)[1]);
}

std::optional<std::uint8_t> Options::u8(std::uint8_t code) const {
  const auto* d = find(code);
  if (!d || d->empty()) return std::nullopt;
  return (*d)[0];
}

std::string Options::text(std::uint8_t code) const {
  const auto* d = find(code);
  return d ? std::string(d->begin(), d->end()) : std::string();
}

std::vector<std::uint16_t> Options::u16List(std::uint8_t code) const {
  std::vector<std::uint16_t> out;
  const auto* d = find(code);
  if (!d || d->size() % 2 != 0) return out;
  for (std::size_t i = 0; i + 1 < d->size(); i += 2) {
    out.push_back(static_cast<std::uint16_t>(((*d)[i] << 8) | (*d)[i + 1]));
  }
  return out;
}

}  // namespace smee::dhcp4
