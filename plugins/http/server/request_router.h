#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <chrono>
#include <functional>
#include <memory>

#include "forwarded_for.h"
#include "smee/log.h"
#include "smee/metrics.h"
#include "smee/services/backend.h"
#include "smee/services/ipxe_binaries.h"
#include "smee/services/ipxe_script.h"
#include "smee/services/iso_patcher.h"
#include "stream_limit.h"

namespace smee::http {

struct RouterSettings {
  bool binaries_enabled = true;  // /ipxe/
  bool scripts_enabled = true;   // .../auto.ipxe
  bool auto_proxy = false;       // unknown machines get the static script
  TrustedProxies proxies{{}};
  std::string version;
  int iso_max_streams = 8;  // concurrent /iso/ requests; more get 503
};

// What the routes use; absent services switch their route off.
struct RouterServices {
  std::shared_ptr<const IpxeBinarySource> binaries;
  std::shared_ptr<const BackendReader> backend;
  std::shared_ptr<const ScriptGenerator> hook, custom, fallback;
  std::shared_ptr<const IsoPatcher> iso;  // optional: /iso/ is 404 without it
  std::function<bool()> ready;  // every plugin started and loaded
};

// Answers one request: iPXE binaries (GET/HEAD, Range, If-Modified-Since),
// auto.ipxe scripts by MAC in the path or by client address, patched ISOs
// under /iso/ (when the iso plugin is loaded), /metrics, /healthcheck,
// /healthz and /readyz. Writes the access-log line and the
// request metrics. Poco's types stay inside this plugin.
class RequestRouter {
 public:
  RequestRouter(RouterSettings settings, RouterServices services, Logger log, Metrics& metrics);
  void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);

 private:
  struct Outcome {
    int status = 200;
    std::uint64_t bytes = 0;
    std::string route;
  };
  Outcome route(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                const std::string& path, Ipv4Address client);
  Outcome serveBinary(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                      const std::string& name, Ipv4Address client);
  // The MAC a log line names: the one in the path, else the backend's
  // machine with the client's address, else empty.
  std::string machineMac(const std::string& from_path, Ipv4Address client) const;
  Outcome serveScript(Poco::Net::HTTPServerResponse& response, const std::vector<std::string>& elements,
                      Ipv4Address client);
  Outcome serveIso(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                   std::vector<std::string> elements, Ipv4Address client);
  Outcome sendText(Poco::Net::HTTPServerResponse& response, int status, const std::string& type,
                   const std::string& body, const std::string& route);

  RouterSettings settings_;
  RouterServices services_;
  Logger log_;
  Metrics& metrics_;
  Histogram& latency_;
  std::chrono::steady_clock::time_point started_;
  StreamLimit iso_streams_;
};

}  // namespace smee::http
