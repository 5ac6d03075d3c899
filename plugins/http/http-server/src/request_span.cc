#include "request_span.h"

#include <string>

namespace smee::http {
namespace {

// The router's route names as OpenTelemetry's `http.route` templates.
std::string_view routeTemplate(std::string_view route) {
  if (route == "ipxe") return "/ipxe/*";
  if (route == "script") return "/*auto.ipxe";
  if (route == "iso") return "/iso/*";
  if (route == "metrics") return "/metrics";
  if (route == "health") return "/health*";
  return route;  // not_found, invalid, error: no route matched
}

}  // namespace

ScopedSpan startRequestSpan(Tracer* tracer, const HttpRequest& request, Ipv4Address client) {
  if (!tracer) return {};
  ScopedSpan span(tracer, request.method, SpanKind::Server,
                  parseTraceparent(request.header("traceparent")));
  span.setString("http.request.method", request.method);
  std::string_view target = request.target;
  span.setString("url.path", target.substr(0, target.find('?')));
  span.setString("client.address", client.toString());
  if (auto agent = request.header("User-Agent"); !agent.empty()) {
    span.setString("user_agent.original", agent);
  }
  return span;
}

void endRequestSpan(ScopedSpan& span, std::string_view method, std::string_view route, int status) {
  if (!span) return;
  std::string_view templated = routeTemplate(route);
  span.rename(std::string(method) + " " + std::string(templated));
  span.setString("http.route", templated);
  span.setInt("http.response.status_code", status);
  if (status >= 500) span.setError("HTTP " + std::to_string(status));
  span.end();
}

}  // namespace smee::http
