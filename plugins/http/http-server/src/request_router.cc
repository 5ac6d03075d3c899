#include "request_router.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>

#include <fstream>

#include "git_revision.h"
#include "iso_response.h"
#include "request_path.h"
#include "smee/proto/http/byte_range.h"
#include "smee/smee_series.h"

namespace smee::http {
namespace {

std::string threadCount() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Threads:", 0) == 0) return std::to_string(std::stoi(line.substr(8)));
  }
  return "0";
}

std::string httpDate(std::chrono::system_clock::time_point t) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  return Poco::DateTimeFormatter::format(Poco::Timestamp(us), Poco::DateTimeFormat::HTTP_FORMAT);
}

bool notModifiedSince(std::string_view header, std::chrono::system_clock::time_point modified) {
  if (header.empty()) return false;
  Poco::DateTime since;
  int tzd = 0;
  if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::HTTP_FORMAT, std::string(header), since,
                                      tzd)) {
    return false;
  }
  auto file_seconds =
      std::chrono::duration_cast<std::chrono::seconds>(modified.time_since_epoch()).count();
  return file_seconds <= since.timestamp().epochTime() - tzd;
}

Reply text(int status, std::string type, std::string body) {
  Reply reply;
  reply.status = status;
  reply.headers.emplace_back("Content-Type", std::move(type));
  reply.body = std::move(body);
  return reply;
}

const char* kNotFound = "404 page not found\n";

// Why a lookup gave no machine, in the words of the log line and the 404.
std::string noScriptReason(LookupStatus status) {
  switch (status) {
    case LookupStatus::Malformed:
      return "hardware record malformed";
    case LookupStatus::Ambiguous:
      return "hardware ambiguous (more than one record matches)";
    case LookupStatus::Unavailable:
      return "backend unavailable";
    default:
      return "hardware not found";
  }
}

}  // namespace

RequestRouter::RequestRouter(RouterSettings settings, RouterServices services, Logger log,
                             Metrics& metrics)
    : settings_(std::move(settings)),
      services_(std::move(services)),
      log_(std::move(log)),
      metrics_(metrics),
      latency_(metrics.histogram("smee_http_request_seconds", "HTTP request duration.",
                                 {0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5})),
      iso_rejected_(metrics.counter("smee_http_iso_rejected_total",
                                    "ISO requests refused: too many ISO streams.")),
      script_jobs_(smeeJobSeries(metrics, "http", "file")),
      started_(std::chrono::steady_clock::now()),
      iso_streams_(settings_.iso_max_streams) {}

Reply RequestRouter::handle(const HttpRequest& request, Ipv4Address peer) {
  Exchange exchange{
      std::string(request.method), std::string(request.target),
      settings_.proxies.clientOf(peer, std::string(request.header("X-Forwarded-For"))),
      std::chrono::steady_clock::now()};
  std::string route_name;
  Reply reply;
  ScopedSpan span = startRequestSpan(services_.tracer.get(), request, exchange.client);
  try {
    auto path = normalizePath(request.target);
    if (path) {
      auto elements = pathElements(*path);
      if (services_.iso && !elements.empty() && elements[0] == "iso") {
        // Logged when the stream ends, on its thread.
        const Ipv4Address client = exchange.client;  // read before exchange is moved from
        return serveIso(request, std::move(elements), client, std::move(exchange), std::move(span));
      }
      reply = route(request, *path, exchange.client, route_name, span.context());
    } else {
      reply = text(400, "text/plain", "bad request path\n");
      route_name = "invalid";
    }
  } catch (const std::exception& e) {
    log_.error("HTTP handler failed", {{"uri", exchange.uri}, {"error", e.what()}});
    reply = text(500, "text/plain", "internal error\n");
    route_name = "error";
  }
  finish(exchange, {reply.status, request.method == "HEAD" ? 0 : reply.bodySize(), route_name});
  endRequestSpan(span, request.method, route_name, reply.status);
  return reply;
}

void RequestRouter::finish(const Exchange& exchange, const Outcome& outcome) {
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - exchange.begin).count();
  latency_.observe(seconds);
  metrics_
      .counter("smee_http_requests_total", "HTTP requests, by route and status.",
               {{"route", outcome.route}, {"status", std::to_string(outcome.status)}})
      .inc();
  // Probes, scrapes and open journey pages come every few seconds; they
  // would drown the log.
  if (outcome.route == "metrics" || outcome.route == "health" || outcome.route == "journey") {
    if (log_.debugEnabled()) {
      log_.debug("response",
                 {{"method", exchange.method}, {"uri", exchange.uri}, {"status", outcome.status}});
    }
    return;
  }
  if (!log_.infoEnabled()) return;
  log_.info("response", {{"method", exchange.method},
                         {"uri", exchange.uri},
                         {"client", exchange.client.toString()},
                         {"status", outcome.status},
                         {"bytes", outcome.bytes},
                         {"duration_ms", seconds * 1000}});
}

Reply RequestRouter::route(const HttpRequest& request, const std::string& path, Ipv4Address client,
                           std::string& route_name, const std::optional<TraceContext>& trace) {
  if (path == "/metrics") {
    route_name = "metrics";
    return text(200, "text/plain; version=0.0.4",
                metrics_.renderPrometheus() + processMetricsText());
  }
  if (path == "/healthcheck" || path == "/healthz" || path == "/readyz") {
    route_name = "health";
    if (path == "/healthz") return text(200, "text/plain", "ok\n");
    if (path == "/readyz") {
      bool ready = !services_.ready || services_.ready();
      return text(ready ? 200 : 503, "text/plain", ready ? "ok\n" : "not ready\n");
    }
    // Smee's git_rev and uptime; "threads" where Smee counted goroutines
    // (smeed has none), and the version beside the revision.
    double uptime =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    return text(200, "application/json",
                "{\"git_rev\":\"" + std::string(SMEE_GIT_REVISION) +
                    "\",\"uptime\":" + std::to_string(uptime) + ",\"threads\":" + threadCount() +
                    ",\"version\":\"" + settings_.version + "\"}\n");
  }
  if (services_.journey && path.starts_with("/journey")) {
    if (auto page = services_.journey->page(path)) {
      route_name = "journey";
      Reply reply = text(page->status, std::move(page->content_type), std::move(page->body));
      reply.headers.emplace_back("Cache-Control", "no-store");
      return reply;
    }
  }
  auto elements = pathElements(path);
  if (settings_.binaries_enabled && services_.binaries && !elements.empty() &&
      elements[0] == "ipxe") {
    route_name = "ipxe";
    if (request.method != "GET" && request.method != "HEAD") {
      Reply reply = text(405, "text/plain", "Method not allowed\n");
      reply.headers.emplace_back("Allow", "GET, HEAD");
      return reply;
    }
    return serveBinary(request, ipxeRequestName(path), client, trace);
  }
  if (settings_.scripts_enabled && !elements.empty() && elements.back() == "auto.ipxe") {
    route_name = "script";
    SmeeJob job(script_jobs_);  // Smee's jobs_*{from="http",op="file"}: one per auto.ipxe
    return serveScript(elements, client, trace);
  }
  route_name = "not_found";
  return text(404, "text/plain", kNotFound);
}

// Long (67 lines) on purpose: lookup, 404, 304, Range and the log line are
// one ordered answer whose steps share the image, the range and the span.
Reply RequestRouter::serveBinary(const HttpRequest& request, const std::string& name,
                                 Ipv4Address client, const std::optional<TraceContext>& trace) {
  // ipxedust's span: a trace suffix on the file name (spec 4.3) names the
  // parent, else this request's span.
  std::string_view last_element = name;
  last_element.remove_prefix(std::min(last_element.size(), last_element.rfind('/') + 1));
  auto from_name = splitTraceSuffix(last_element).context;
  ScopedSpan span(services_.tracer.get(), "HTTP GET", SpanKind::Internal,
                  from_name ? from_name : trace);
  span.setString("requested-filename", name);
  span.setString("ip", client.toString());
  BinaryLookup found = services_.binaries->open(name);
  const auto mac_in_name = MacAddress::parse(std::string_view(name).substr(0, name.find('/')));
  if (found.status != BinaryStatus::Found) {
    span.setError(found.detail);
    noteJourney(mac_in_name, client, JourneyOutcome::Error, "iPXE binary",
                name + ": " + found.detail);
    // Smee's "404 page not found", then why, on the same line.
    return text(
        404, "text/plain",
        "404 page not found" + (found.detail.empty() ? std::string() : ": " + found.detail) + "\n");
  }
  const std::uint64_t size = found.image->bytes.size();
  Reply reply;
  reply.headers = {{"Last-Modified", httpDate(found.image->modified)}, {"Accept-Ranges", "bytes"}};
  if (notModifiedSince(request.header("If-Modified-Since"), found.image->modified)) {
    reply.status = 304;
    return reply;
  }
  std::uint64_t first = 0, count = size;
  RangeSpec spec;
  switch (parseRangeHeader(request.header("Range"), spec)) {
    case RangeHeader::Single:
    case RangeHeader::Unsatisfiable:
      if (auto slice = resolveRange(spec, size)) {
        reply.status = 206;
        first = slice->first;
        count = slice->size();
        reply.headers.emplace_back("Content-Range", contentRange(*slice, size));
        break;
      }
      reply.status = 416;
      reply.headers.emplace_back("Content-Range", unsatisfiedContentRange(size));
      reply.headers.emplace_back("Content-Type", "text/plain");
      reply.body = "range not satisfiable\n";
      return reply;
    case RangeHeader::Absent:
    case RangeHeader::Ignored:
      break;
  }
  reply.headers.emplace_back("Content-Type", "application/octet-stream");
  if (request.method != "HEAD" && log_.infoEnabled()) {
    // The MAC may take a backend lookup: only for a line that is written.
    log_.info("file served", {{"file", found.image->name},
                              {"mac", machineMac(found.mac, client)},
                              {"client", client.toString()},
                              {"bytes", count}});
  }
  span.setString("filename", found.image->name);
  if (span) span.setString("mac", machineMac(found.mac, client));
  if (request.method != "HEAD" && first == 0) {  // one step per download, not per Range piece
    noteJourney(mac_in_name, client, JourneyOutcome::Ok, "iPXE binary",
                found.image->name + ", " + std::to_string(size) + " bytes");
  }
  reply.image = std::move(found.image);
  reply.image_first = first;
  reply.image_count = count;
  return reply;
}

void RequestRouter::noteJourney(const std::optional<MacAddress>& mac, Ipv4Address client,
                                JourneyOutcome outcome, std::string step,
                                std::string detail) const {
  if (!services_.journey) return;
  JourneyEvent event{JourneyStage::Http, outcome, std::move(step), std::move(detail)};
  if (mac) {
    services_.journey->record(*mac, std::move(event));
    return;
  }
  // The backend's machine at this address, else the one DHCP gave it to.
  LookupResult found = services_.backend ? services_.backend->byIp(client) : LookupResult{};
  if (found.found()) {
    services_.journey->record(found.record->dhcp.mac, std::move(event));
  } else {
    services_.journey->recordByAddress(client, std::move(event));
  }
}

std::string RequestRouter::machineMac(const std::string& from_path, Ipv4Address client) const {
  if (!from_path.empty() || !services_.backend) return from_path;
  LookupResult found = services_.backend->byIp(client);
  return found.found() ? found.record->dhcp.mac.toString() : std::string();
}

Reply RequestRouter::serveScript(const std::vector<std::string>& elements, Ipv4Address client,
                                 const std::optional<TraceContext>& trace) {
  LookupResult found;
  std::optional<MacAddress> mac;
  if (elements.size() >= 2) mac = MacAddress::parse(elements[elements.size() - 2]);
  if (services_.backend) {
    ScopedSpan lookup(services_.tracer.get(), "Hardware data get", SpanKind::Internal, trace);
    found = mac ? services_.backend->byMac(*mac) : services_.backend->byIp(client);
    lookup.setString("lookup.key", mac ? mac->toString() : client.toString());
    lookup.setString("lookup.status", lookupStatusName(found.status));
  }
  ScriptRequest script{nullptr, mac.value_or(MacAddress()), trace};
  if (found.found()) {
    const HardwareRecord& hw = *found.record;
    if (!hw.netboot.allow_pxe) {
      log_.info("no script: netboot not allowed",
                {{"mac", hw.dhcp.mac.toString()}, {"client", client.toString()}});
      noteJourney(hw.dhcp.mac, client, JourneyOutcome::Error, "auto.ipxe",
                  "netboot not allowed (allowPXE false)");
      return text(404, "text/plain", "netboot is not allowed for " + hw.dhcp.mac.toString() + "\n");
    }
    script.hardware = &hw;
    script.mac = hw.dhcp.mac;
  } else if (!settings_.auto_proxy) {  // auto-proxy: unknown machines get the static script
    const std::string key = mac ? mac->toString() : client.toString();
    const std::string why = noScriptReason(found.status);
    log_.info("no script: " + why,
              {{"key", key}, {"lookup", lookupStatusName(found.status)}, {"detail", found.detail}});
    noteJourney(mac, client, JourneyOutcome::Error, "auto.ipxe", why);
    return text(404, "text/plain", why + " for " + key + "\n");
  }
  // The script plugin decides which generator serves the machine; its
  // name is also what the log line and the journey call the script.
  const std::string kind =
      services_.script_choice ? services_.script_choice->render(script).script : "";
  const auto generator = services_.scripts.find(kind);
  if (generator == services_.scripts.end() || !generator->second) {
    return text(404, "text/plain", "no script generator for this machine\n");
  }
  ScopedSpan render(services_.tracer.get(), "Script render", SpanKind::Internal, trace);
  ScriptResult result = generator->second->render(script);
  render.setString("mac", script.mac.toString());
  render.end();
  if (!result.ok) {
    log_.error("script generation failed",
               {{"mac", script.mac.toString()}, {"error", result.error}});
    noteJourney(mac, client, JourneyOutcome::Error, "auto.ipxe",
                "script generation failed: " + result.error);
    return text(500, "text/plain", "");
  }
  // The step an operator looks for when a machine stalls after DHCP: which
  // machine got which kind of script.
  log_.info("script served",
            {{"mac", script.mac.toString()}, {"client", client.toString()}, {"script", kind}});
  noteJourney(script.hardware ? std::optional<MacAddress>(script.mac) : mac, client,
              JourneyOutcome::Ok, "auto.ipxe",
              kind + " script, " + std::to_string(result.script.size()) + " bytes");
  return text(200, "text/plain; charset=utf-8", std::move(result.script));
}

Reply RequestRouter::serveIso(const HttpRequest& request, std::vector<std::string> elements,
                              Ipv4Address client, Exchange exchange, ScopedSpan span) {
  // ISO streams last minutes; bounded apart from the other routes, and
  // run on stream threads so they never hold an event loop.
  StreamLimit::Slot slot = iso_streams_.tryAcquire();
  if (!slot) {
    iso_rejected_.inc();
    Reply reply = text(503, "text/plain", "too many ISO downloads, retry later\n");
    reply.headers.emplace_back("Retry-After", "5");
    finish(exchange, {503, reply.body.size(), "iso"});
    endRequestSpan(span, exchange.method, "iso", 503);
    return reply;
  }
  auto iso = std::make_shared<IsoRequest>();
  iso->method = exchange.method;
  iso->path.assign(elements.begin() + 1, elements.end());
  if (auto q = exchange.uri.find('?'); q != std::string::npos)
    iso->query = exchange.uri.substr(q + 1);
  for (const auto& field : request.headers)
    iso->headers.push_back({std::string(field.name), std::string(field.value)});
  iso->client = client.toString();
  auto held = std::make_shared<StreamLimit::Slot>(std::move(slot));
  // Ended on the stream thread, which alone touches it from here on.
  auto held_span = std::make_shared<ScopedSpan>(std::move(span));
  Reply reply;
  reply.stream = [this, iso, held, held_span,
                  exchange = std::move(exchange)](IsoResponse& response) -> StreamEnd {
    IsoOutcome outcome = services_.iso->serve(*iso, response);
    // Free the slot as soon as the body is out: a client that asks again
    // right away must find it free.
    held->release();
    auto& socket = static_cast<SocketIsoResponse&>(response);
    if (!socket.begun()) {
      // The patcher gave no answer (it always should): a plain 500.
      response.begin(500, {{"Content-Type", "text/plain"}}, 15);
      response.write("internal error\n", 15);
      outcome.status = 500;
    }
    finish(exchange, {outcome.status, outcome.bytes, "iso"});
    held_span->setInt("http.response.body.size", static_cast<std::int64_t>(outcome.bytes));
    endRequestSpan(*held_span, exchange.method, "iso", outcome.status);
    // A body shorter than announced ends the connection, so the client
    // sees a truncated transfer and the rest is never read as a request.
    return {outcome.end == IsoEnd::Complete};
  };
  return reply;
}

}  // namespace smee::http
