#pragma once

#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "smee/bounded_queue.h"
#include "smee/log.h"
#include "smee/metrics.h"
#include "smee/net/ipv4.h"
#include "smee/net/udp_socket.h"
#include "smee/services/backend.h"
#include "smee/services/boot_journey.h"

namespace smee::syslog {

struct ReceiverSettings {
  Ipv4Address address;
  std::uint16_t port = 514;
  std::size_t queue_size = 8192;
  std::size_t queue_bytes = 32 << 20;  // also bounds memory: 8192 x 64 KiB would be 512 MiB
};

// Receives syslog datagrams (up to 64 KiB) from booting machines: one
// thread reads into a bounded queue (full: dropped and counted), one
// thread parses and logs each message as one structured line with the
// sender's address and, when the backend knows that address, its MAC and
// hostname.
class SyslogReceiver {
 public:
  SyslogReceiver(ReceiverSettings settings, std::shared_ptr<const BackendReader> backend,
                 Logger log, Metrics& metrics);
  ~SyslogReceiver();
  void start();  // throws smee::Error
  void stop() noexcept;
  std::uint16_t port() const { return bound_port_; }
  // With a journey, each message is a step of its machine's boot journey
  // (the OS is up). Before start().
  void setJourney(std::shared_ptr<BootJourney> journey) { journey_ = std::move(journey); }

  // Parses and logs one datagram from `sender` (the worker's body).
  void handle(const std::vector<std::uint8_t>& datagram, Ipv4Address sender);

 private:
  struct Datagram {
    std::vector<std::uint8_t> bytes;
    Ipv4Address sender;
  };
  void receiveLoop();
  void logLoop();

  ReceiverSettings settings_;
  std::shared_ptr<const BackendReader> backend_;
  std::shared_ptr<BootJourney> journey_;
  Logger log_;
  Metrics& metrics_;
  Counter& received_;
  Counter& dropped_full_;
  Counter& unparseable_;
  std::optional<UdpSocket> socket_;
  std::optional<StopSignal> stop_;
  std::uint16_t bound_port_ = 0;
  BoundedQueue<Datagram> queue_;
  std::thread receiver_, logger_;
};

}  // namespace smee::syslog
