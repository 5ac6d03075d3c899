#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "smee/net/ipv4.h"

namespace smee::http {

struct ServerSettings {
  Ipv4Address address;
  std::uint16_t port = 8080;
  // HTTPS beside HTTP, on the same loops, when a certificate is given.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::uint16_t tls_port = 8443;
  bool tlsEnabled() const { return !tls_cert_file.empty(); }
  int loops = 1;           // event-loop threads
  int stream_threads = 8;  // threads for /iso/ streams (iso_max_streams)
  int max_connections = 10000;
  int max_connections_per_client = 256;
  std::chrono::milliseconds header_timeout{10000};      // the whole request head
  std::chrono::milliseconds keep_alive_timeout{15000};  // idle between requests
  std::chrono::milliseconds send_timeout{30000};        // no progress while sending
  std::size_t max_header_bytes = 16384;
  std::uint64_t max_body_bytes =
      std::uint64_t{64} * 1024;  // request bodies are read and dropped up to this
};

}  // namespace smee::http
