#pragma once

#include <memory>

#include "request_router.h"

namespace Poco {
class ThreadPool;
namespace Net {
class HTTPServer;
}
}  // namespace Poco

namespace smee::http {

struct ServerSettings {
  Ipv4Address address;
  std::uint16_t port = 8080;
  int max_threads = 16;
  int max_queued = 256;
  std::chrono::seconds keep_alive{15};
};

// Poco's HTTPServer with its own thread pool (never Poco's default pool,
// which plugins would share), bounded queue and keep-alive time-out.
// stop() closes the listener and waits for requests in flight.
class HttpServer {
 public:
  HttpServer(ServerSettings settings, std::shared_ptr<RequestRouter> router);
  ~HttpServer();
  void start();  // throws smee::Error
  void stop() noexcept;
  std::uint16_t port() const;

 private:
  ServerSettings settings_;
  std::shared_ptr<RequestRouter> router_;
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace smee::http
