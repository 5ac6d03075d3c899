#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>

#include "forwarded_for.h"
#include "request_handler.h"
#include "request_span.h"
#include "smee/log.h"
#include "smee/metrics.h"
#include "smee/services/backend.h"
#include "smee/services/boot_journey.h"
#include "smee/services/ipxe_binaries.h"
#include "smee/services/ipxe_script.h"
#include "smee/services/iso_patcher.h"
#include "smee/smee_series.h"
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
  // The script generators by instance name (hook, custom, static), and
  // "choice", which names the one that serves a machine.
  std::map<std::string, std::shared_ptr<const ScriptGenerator>, std::less<>> scripts;
  std::shared_ptr<const ScriptGenerator> script_choice;
  std::shared_ptr<const IsoPatcher> iso;  // optional: /iso/ is 404 without it
  std::function<bool()> ready;            // every plugin started and loaded
  std::shared_ptr<Tracer> tracer;         // optional: the otel plugin's
  std::shared_ptr<BootJourney> journey;   // optional: /journey and each machine's steps
};

// Answers one request: iPXE binaries (GET/HEAD, Range, If-Modified-Since),
// auto.ipxe scripts by MAC in the path or by client address, patched ISOs
// under /iso/ (when the iso plugin is loaded; streamed on a stream thread),
// /metrics, /healthcheck, /healthz and /readyz. Writes the access-log line
// and the request metrics. Runs on the event loop: every lookup it makes
// answers from memory.
class RequestRouter final : public RequestHandler {
 public:
  RequestRouter(RouterSettings settings, RouterServices services, Logger log, Metrics& metrics);
  Reply handle(const HttpRequest& request, Ipv4Address peer) override;

 private:
  struct Outcome {
    int status = 200;
    std::uint64_t bytes = 0;
    std::string route;
  };
  // Everything about the request the access-log line names.
  struct Exchange {
    std::string method, uri;
    Ipv4Address client;
    std::chrono::steady_clock::time_point begin;
  };
  // `trace`: the request span's context, parent of the spans a route makes.
  Reply route(const HttpRequest& request, const std::string& path, Ipv4Address client,
              std::string& route_name, const std::optional<TraceContext>& trace);
  Reply serveBinary(const HttpRequest& request, const std::string& name, Ipv4Address client,
                    const std::optional<TraceContext>& trace);
  // The MAC a log line names: the one in the path, else the backend's
  // machine with the client's address, else empty.
  std::string machineMac(const std::string& from_path, Ipv4Address client) const;
  Reply serveScript(const std::vector<std::string>& elements, Ipv4Address client,
                    const std::optional<TraceContext>& trace);
  Reply serveIso(const HttpRequest& request, std::vector<std::string> elements, Ipv4Address client,
                 Exchange exchange, ScopedSpan span);
  void finish(const Exchange& exchange, const Outcome& outcome);
  // A step of the machine's boot journey, when the journey plugin is on:
  // by the MAC when the request names one, else by the client's address.
  void noteJourney(const std::optional<MacAddress>& mac, Ipv4Address client, JourneyOutcome outcome,
                   std::string step, std::string detail) const;

  RouterSettings settings_;
  RouterServices services_;
  Logger log_;
  Metrics& metrics_;
  Histogram& latency_;
  Counter& iso_rejected_;
  SmeeJobSeries script_jobs_;
  std::chrono::steady_clock::time_point started_;
  StreamLimit iso_streams_;
};

}  // namespace smee::http
