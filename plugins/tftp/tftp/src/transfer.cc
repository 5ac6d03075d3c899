#include "transfer.h"

#include <algorithm>

namespace smee::tftp {

Transfer::Transfer(std::shared_ptr<const BinaryImage> image, std::span<const std::uint8_t> content,
                   Negotiated negotiated, int max_retries)
    : image_(std::move(image)),
      content_(content),
      negotiated_(std::move(negotiated)),
      max_retries_(max_retries),
      // A file that is an exact multiple of the block size ends with an
      // empty block, so the client knows it is complete.
      total_blocks_(content.size() / negotiated_.blksize + 1) {}

void Transfer::begin(const Send& send) {
  if (!negotiated_.acknowledged.empty()) {
    awaiting_oack_ack_ = true;
    send(encodeOack(negotiated_.acknowledged));
    return;
  }
  sendWindow(1, send);
}

void Transfer::sendBlock(std::uint64_t block, const Send& send) {
  std::size_t offset = static_cast<std::size_t>((block - 1) * negotiated_.blksize);
  std::size_t length = std::min<std::size_t>(negotiated_.blksize,
                                             content_.size() - std::min(offset, content_.size()));
  encodeData(static_cast<std::uint16_t>(block & 0xffff),
             content_.subspan(std::min(offset, content_.size()), length), buffer_);
  send(buffer_);
  bytes_sent_ += length;
  sent_up_to_ = std::max(sent_up_to_, block);
}

void Transfer::sendWindow(std::uint64_t from, const Send& send) {
  std::uint64_t last = std::min(total_blocks_, from + negotiated_.windowsize - 1);
  for (std::uint64_t block = from; block <= last; ++block) sendBlock(block, send);
}

Transfer::Progress Transfer::onAck(std::uint16_t block, const Send& send) {
  if (awaiting_oack_ack_) {
    if (block != 0) return Progress::Continue;  // stray ACK before the OACK was acknowledged
    awaiting_oack_ack_ = false;
    retries_ = 0;
    sendWindow(1, send);
    return Progress::Continue;
  }
  // The 16-bit number names the one outstanding block with those low
  // bits; anything else (a duplicate or an old ACK) is ignored.
  std::uint64_t acknowledged = 0;
  for (std::uint64_t candidate = acked_ + 1; candidate <= sent_up_to_; ++candidate) {
    if ((candidate & 0xffff) == block) {
      acknowledged = candidate;
      break;
    }
  }
  if (acknowledged == 0) return Progress::Continue;
  acked_ = acknowledged;
  retries_ = 0;
  if (acked_ == total_blocks_) return Progress::Done;
  // RFC 7440: the next window starts after the block the client confirmed,
  // which also resends what it missed.
  sendWindow(acked_ + 1, send);
  return Progress::Continue;
}

Transfer::Progress Transfer::onTimeout(const Send& send) {
  if (++retries_ > max_retries_) return Progress::Failed;
  ++retransmissions_;
  if (awaiting_oack_ack_) {
    send(encodeOack(negotiated_.acknowledged));
  } else {
    sendWindow(acked_ + 1, send);
  }
  return Progress::Continue;
}

std::vector<std::uint8_t> toNetascii(std::span<const std::uint8_t> bytes) {
  std::vector<std::uint8_t> out;
  out.reserve(bytes.size() + bytes.size() / 16);
  for (auto b : bytes) {
    if (b == '\n') {
      out.push_back('\r');
      out.push_back('\n');
    } else if (b == '\r') {
      out.push_back('\r');
      out.push_back('\0');
    } else {
      out.push_back(b);
    }
  }
  return out;
}

}  // namespace smee::tftp
