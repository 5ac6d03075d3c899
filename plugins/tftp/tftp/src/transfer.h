#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "smee/proto/tftp/options.h"
#include "smee/services/ipxe_binaries.h"

namespace smee::tftp {

// One read transfer as a state machine, free of sockets and clocks so it
// can be driven by tests: it says what to send; the server sends it and
// calls back on ACKs and time-outs. Implements lock-step transfers and
// RFC 7440 windows, block numbers that wrap after 65535, and ignores
// duplicate ACKs (no Sorcerer's Apprentice retransmissions).
class Transfer {
 public:
  using Send = std::function<void(std::span<const std::uint8_t>)>;
  enum class Progress { Continue, Done, Failed };

  // `content` is the file as sent (already converted for netascii).
  Transfer(std::shared_ptr<const BinaryImage> image, std::span<const std::uint8_t> content,
           Negotiated negotiated, int max_retries);

  // Sends the OACK, or the first window when there are no options.
  void begin(const Send& send);
  Progress onAck(std::uint16_t block, const Send& send);
  // Resends what is unacknowledged; Failed once the retries are used up.
  Progress onTimeout(const Send& send);

  std::uint64_t totalBlocks() const { return total_blocks_; }
  std::uint64_t blocksAcked() const { return acked_; }
  std::uint64_t retransmissions() const { return retransmissions_; }
  std::uint64_t bytesSent() const { return bytes_sent_; }
  const Negotiated& negotiated() const { return negotiated_; }

 private:
  void sendWindow(std::uint64_t from, const Send& send);
  void sendBlock(std::uint64_t block, const Send& send);

  std::shared_ptr<const BinaryImage> image_;  // keeps `content_` alive when it is the image
  std::span<const std::uint8_t> content_;
  Negotiated negotiated_;
  int max_retries_;
  std::uint64_t total_blocks_;
  std::uint64_t acked_ = 0;       // highest block acknowledged (0: none, or the OACK)
  std::uint64_t sent_up_to_ = 0;  // highest block sent
  bool awaiting_oack_ack_ = false;
  int retries_ = 0;
  std::uint64_t retransmissions_ = 0;
  std::uint64_t bytes_sent_ = 0;
  std::vector<std::uint8_t> buffer_;
};

// RFC 764 netascii: LF -> CR LF, CR -> CR NUL.
std::vector<std::uint8_t> toNetascii(std::span<const std::uint8_t> bytes);

}  // namespace smee::tftp
