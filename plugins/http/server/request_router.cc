#include "request_router.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>

#include <fstream>

#include "byte_range.h"
#include "direct_body.h"
#include "iso_response.h"
#include "request_path.h"

namespace smee::http {
namespace {

using Poco::Net::HTTPResponse;

// Bodies up to this size share the header block's buffered writes.
constexpr std::uint64_t kStreamedBodyLimit = 16 * 1024;

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

bool notModifiedSince(const std::string& header, std::chrono::system_clock::time_point modified) {
  if (header.empty()) return false;
  Poco::DateTime since;
  int tzd = 0;
  if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::HTTP_FORMAT, header, since, tzd)) return false;
  auto file_seconds = std::chrono::duration_cast<std::chrono::seconds>(modified.time_since_epoch()).count();
  return file_seconds <= since.timestamp().epochTime() - tzd;
}

}  // namespace

RequestRouter::RequestRouter(RouterSettings settings, RouterServices services, Logger log, Metrics& metrics)
    : settings_(std::move(settings)),
      services_(std::move(services)),
      log_(std::move(log)),
      metrics_(metrics),
      latency_(metrics.histogram("smee_http_request_seconds", "HTTP request duration.",
                                 {0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5})),
      started_(std::chrono::steady_clock::now()),
      iso_streams_(settings_.iso_max_streams) {}

void RequestRouter::handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  auto begin = std::chrono::steady_clock::now();
  auto peer = Ipv4Address::parse(request.clientAddress().host().toString()).value_or(Ipv4Address());
  Ipv4Address client = settings_.proxies.clientOf(peer, request.get("X-Forwarded-For", ""));
  Outcome outcome;
  try {
    auto path = normalizePath(request.getURI());
    outcome = path ? route(request, response, *path, client)
                   : sendText(response, 400, "text/plain", "bad request path\n", "invalid");
  } catch (const std::exception& e) {
    log_.error("HTTP handler failed", {{"uri", request.getURI()}, {"error", e.what()}});
    if (!response.sent()) outcome = sendText(response, 500, "text/plain", "internal error\n", "error");
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  latency_.observe(seconds);
  metrics_.counter("smee_http_requests_total", "HTTP requests, by route and status.",
                   {{"route", outcome.route}, {"status", std::to_string(outcome.status)}}).inc();
  if (outcome.route != "metrics") {
    log_.info("response", {{"method", request.getMethod()}, {"uri", request.getURI()},
                           {"client", client.toString()}, {"status", outcome.status},
                           {"bytes", outcome.bytes}, {"duration_ms", std::to_string(seconds * 1000)}});
  }
}

RequestRouter::Outcome RequestRouter::route(Poco::Net::HTTPServerRequest& request,
                                            Poco::Net::HTTPServerResponse& response, const std::string& path,
                                            Ipv4Address client) {
  if (path == "/metrics") {
    return sendText(response, 200, "text/plain; version=0.0.4", metrics_.renderPrometheus(), "metrics");
  }
  if (path == "/healthcheck") {
    double uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    return sendText(response, 200, "application/json",
                    "{\"git_rev\":\"" + settings_.version + "\",\"uptime\":" + std::to_string(uptime) +
                        ",\"goroutines\":" + threadCount() + "}\n",
                    "health");
  }
  if (path == "/healthz") return sendText(response, 200, "text/plain", "ok\n", "health");
  if (path == "/readyz") {
    bool ready = !services_.ready || services_.ready();
    return sendText(response, ready ? 200 : 503, "text/plain", ready ? "ok\n" : "not ready\n", "health");
  }
  auto elements = pathElements(path);
  if (settings_.binaries_enabled && services_.binaries && !elements.empty() && elements[0] == "ipxe") {
    if (request.getMethod() != "GET" && request.getMethod() != "HEAD") {
      response.set("Allow", "GET, HEAD");
      return sendText(response, 405, "text/plain", "Method not allowed\n", "ipxe");
    }
    return serveBinary(request, response, path.substr(6), client);
  }
  if (services_.iso && !elements.empty() && elements[0] == "iso") {
    return serveIso(request, response, std::move(elements), client);
  }
  if (settings_.scripts_enabled && !elements.empty() && elements.back() == "auto.ipxe") {
    return serveScript(response, elements, client);
  }
  return sendText(response, 404, "text/plain", "404 page not found\n", "not_found");
}

RequestRouter::Outcome RequestRouter::serveBinary(Poco::Net::HTTPServerRequest& request,
                                                  Poco::Net::HTTPServerResponse& response,
                                                  const std::string& name, Ipv4Address client) {
  BinaryLookup found = services_.binaries->open(name);
  if (found.status != BinaryStatus::Found) {
    return sendText(response, 404, "text/plain", "404 page not found\n", "ipxe");
  }
  const auto& bytes = found.image->bytes;
  response.set("Last-Modified", httpDate(found.image->modified));
  response.set("Accept-Ranges", "bytes");
  if (notModifiedSince(request.get("If-Modified-Since", ""), found.image->modified)) {
    response.setStatus(HTTPResponse::HTTP_NOT_MODIFIED);
    response.setContentLength(0);
    response.send();
    return {304, 0, "ipxe"};
  }
  response.setContentType("application/octet-stream");
  ByteRange range;
  std::uint64_t first = 0, count = bytes.size();
  int status = 200;
  switch (parseRange(request.get("Range", ""), bytes.size(), range)) {
    case RangeResult::Satisfiable:
      first = range.first;
      count = range.last - range.first + 1;
      status = 206;
      response.set("Content-Range", "bytes " + std::to_string(range.first) + "-" +
                                        std::to_string(range.last) + "/" + std::to_string(bytes.size()));
      break;
    case RangeResult::Unsatisfiable:
      response.set("Content-Range", "bytes */" + std::to_string(bytes.size()));
      return sendText(response, 416, "text/plain", "range not satisfiable\n", "ipxe");
    case RangeResult::None:
      break;
  }
  response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(status));
  if (request.getMethod() == "HEAD") {
    response.setContentLength64(static_cast<Poco::Int64>(count));
    response.send();
    return {status, 0, "ipxe"};
  }
  // A small body goes out with the headers through Poco's 4 KiB stream
  // buffer (one or two send()s). A large one goes straight from the cached
  // image to the socket: through that buffer a 1 MiB binary took 256 sends.
  if (count <= kStreamedBodyLimit) {
    response.sendBuffer(bytes.data() + first, count);
  } else {
    auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
    DirectBody body(response, impl ? &impl->socket() : nullptr);
    body.begin(static_cast<std::int64_t>(count));
    if (!body.write(reinterpret_cast<const char*>(bytes.data() + first), count)) {
      response.setKeepAlive(false);  // the client went away mid-body
      return {status, 0, "ipxe"};
    }
  }
  if (log_.infoEnabled()) {  // the MAC may take a backend lookup: only for a line that is written
    log_.info("file served", {{"file", found.image->name}, {"mac", machineMac(found.mac, client)},
                              {"client", client.toString()}, {"bytes", count}});
  }
  return {status, count, "ipxe"};
}

std::string RequestRouter::machineMac(const std::string& from_path, Ipv4Address client) const {
  if (!from_path.empty() || !services_.backend) return from_path;
  LookupResult found = services_.backend->byIp(client);
  return found.found() ? found.record->dhcp.mac.toString() : std::string();
}

RequestRouter::Outcome RequestRouter::serveScript(Poco::Net::HTTPServerResponse& response,
                                                  const std::vector<std::string>& elements,
                                                  Ipv4Address client) {
  LookupResult found;
  std::optional<MacAddress> mac;
  if (elements.size() >= 2) mac = MacAddress::parse(elements[elements.size() - 2]);
  if (services_.backend) found = mac ? services_.backend->byMac(*mac) : services_.backend->byIp(client);
  const ScriptGenerator* generator = nullptr;
  ScriptRequest script{nullptr, mac.value_or(MacAddress())};
  if (found.found()) {
    const HardwareRecord& hw = *found.record;
    if (!hw.netboot.allow_pxe) {
      log_.info("no script: netboot not allowed", {{"mac", hw.dhcp.mac.toString()}, {"client", client.toString()}});
      return sendText(response, 404, "text/plain", "", "script");
    }
    script.hardware = &hw;
    script.mac = hw.dhcp.mac;
    bool custom = !hw.netboot.ipxe_script_url.empty() || !hw.netboot.ipxe_script.empty();
    generator = custom ? services_.custom.get() : services_.hook.get();
  } else if (settings_.auto_proxy) {
    generator = services_.fallback.get();
  } else {
    log_.info("no script: hardware not found",
              {{"key", mac ? mac->toString() : client.toString()}, {"lookup", lookupStatusName(found.status)},
               {"detail", found.detail}});
    return sendText(response, 404, "text/plain", "", "script");
  }
  if (!generator) return sendText(response, 404, "text/plain", "", "script");
  ScriptResult result = generator->render(script);
  if (!result.ok) {
    log_.error("script generation failed", {{"mac", script.mac.toString()}, {"error", result.error}});
    return sendText(response, 500, "text/plain", "", "script");
  }
  // The step an operator looks for when a machine stalls after DHCP: which
  // machine got which kind of script.
  log_.info("script served", {{"mac", script.mac.toString()}, {"client", client.toString()},
                              {"script", generator == services_.fallback.get() ? "static"
                                         : generator == services_.custom.get() ? "custom" : "hook"}});
  return sendText(response, 200, "text/plain; charset=utf-8", result.script, "script");
}

RequestRouter::Outcome RequestRouter::serveIso(Poco::Net::HTTPServerRequest& request,
                                               Poco::Net::HTTPServerResponse& response,
                                               std::vector<std::string> elements, Ipv4Address client) {
  // ISO streams last minutes; bounded apart from the other routes so they
  // cannot take every request thread from auto.ipxe and the binaries.
  StreamLimit::Slot slot = iso_streams_.tryAcquire();
  if (!slot) {
    metrics_.counter("smee_http_iso_rejected_total", "ISO requests refused: too many ISO streams.")
        .inc();
    response.set("Retry-After", "5");
    return sendText(response, 503, "text/plain", "too many ISO downloads, retry later\n", "iso");
  }
  IsoRequest iso;
  iso.method = request.getMethod();
  iso.path.assign(elements.begin() + 1, elements.end());
  const std::string& uri = request.getURI();
  if (auto q = uri.find('?'); q != std::string::npos) iso.query = uri.substr(q + 1);
  for (const auto& [name, value] : request) iso.headers.push_back({name, value});
  iso.client = client.toString();
  auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
  PocoIsoResponse sink(response, impl ? &impl->socket() : nullptr);
  IsoOutcome outcome = services_.iso->serve(iso, sink);
  if (outcome.end != IsoEnd::Complete && response.sent() && impl) {
    // The body is shorter than announced: close the connection so the
    // client sees a truncated transfer instead of waiting or, with chunked
    // encoding, a well-formed end; and so that the rest of a body is never
    // read as the next request.
    try {
      impl->socket().shutdown();
    } catch (const Poco::Exception&) {
    }
    response.setKeepAlive(false);
  }
  if (!response.sent()) return sendText(response, 500, "text/plain", "internal error\n", "iso");
  return {outcome.status, outcome.bytes, "iso"};
}

RequestRouter::Outcome RequestRouter::sendText(Poco::Net::HTTPServerResponse& response, int status,
                                               const std::string& type, const std::string& body,
                                               const std::string& route) {
  response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(status));
  response.setContentType(type);
  response.setContentLength64(static_cast<Poco::Int64>(body.size()));
  response.send() << body;
  return {status, body.size(), route};
}

}  // namespace smee::http
