#include "iso_service.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "header_name.h"
#include "range_request.h"
#include "stream_patcher.h"

namespace smee::iso {
namespace {

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string findHeader(const std::vector<IsoHeader>& headers, std::string_view name) {
  for (const auto& h : headers) {
    if (sameHeaderName(h.name, name)) return h.value;
  }
  return {};
}

// Statuses whose meaning the client must see as they are; everything else
// from upstream is the gateway's failure (502).
bool passesThrough(int status) {
  return status == 200 || status == 206 || status == 304 || status == 412 || status == 416;
}

std::string withQuery(const std::string& url, const std::string& query) {
  if (query.empty()) return url;
  auto hash = url.find('#');
  std::string base = hash == std::string::npos ? url : url.substr(0, hash);
  return base + (base.find('?') == std::string::npos ? "?" : "&") + query;
}

// Headers for upstream: the client's end-to-end ones, an identity body (a
// compressed image cannot be patched) and the client's Range widened by
// `margin` bytes on each side, so every marker it overlaps arrives whole.
std::vector<IsoHeader> upstreamHeaders(const std::vector<IsoHeader>& client,
                                       const ClientRange& range, http::RangeHeader range_parse,
                                       std::uint64_t margin) {
  std::vector<IsoHeader> headers;
  auto tokens = connectionTokens(client);
  for (const auto& h : client) {
    if (isHopByHop(h.name, tokens) || sameHeaderName(h.name, "Host") ||
        sameHeaderName(h.name, "Range") || sameHeaderName(h.name, "Accept-Encoding") ||
        sameHeaderName(h.name, "Content-Length") || sameHeaderName(h.name, "Expect")) {
      continue;
    }
    headers.push_back(h);
  }
  headers.push_back({"Accept-Encoding", "identity"});
  if (range_parse == http::RangeHeader::Single) {
    headers.push_back({"Range", widenedRangeHeader(range, margin)});
  } else if (range_parse == http::RangeHeader::Unsatisfiable) {
    // "bytes=-0": upstream knows the length the 416 must name.
    headers.push_back({"Range", "bytes=-0"});
  }
  return headers;
}

}  // namespace

MagicStringPatcher::MagicStringPatcher(IsoSettings settings,
                                       std::shared_ptr<const BackendReader> backend, Logger log,
                                       Metrics& metrics)
    : settings_(std::move(settings)),
      backend_(std::move(backend)),
      log_(std::move(log)),
      metrics_(metrics),
      bytes_(metrics.counter("smee_iso_bytes_total", "Patched ISO body bytes sent.")),
      patched_(metrics.counter("smee_iso_patched_total", "Magic string occurrences replaced.")) {}

IsoOutcome MagicStringPatcher::fail(IsoResponse& response, int status, const std::string& body,
                                    const std::string& reason,
                                    std::vector<IsoHeader> headers) const {
  metrics_
      .counter("smee_iso_refused_total", "ISO requests answered with an error, by reason.",
               {{"reason", reason}})
      .inc();
  headers.push_back({"Content-Type", "text/plain; charset=utf-8"});
  response.begin(status, headers, static_cast<std::int64_t>(body.size()));
  response.write(body.data(), body.size());
  return {status, body.size(), IsoEnd::Complete};
}

IsoOutcome MagicStringPatcher::serve(const IsoRequest& request, IsoResponse& response) const {
  if (request.path.empty() || !endsWith(request.path.back(), ".iso")) {
    return fail(response, 404, "", "not_iso");
  }
  if (request.method != "GET" && request.method != "HEAD") {
    return fail(response, 405, "method not allowed\n", "method");
  }
  std::optional<MacAddress> mac;
  if (request.path.size() >= 2) mac = MacAddress::parse(request.path[request.path.size() - 2]);
  if (!mac) {
    log_.info("ISO refused: no MAC address in the path",
              {{"element", request.path.size() >= 2 ? request.path[request.path.size() - 2] : ""},
               {"client", request.client}});
    return fail(response, 400, "the path needs a MAC address: /iso/<mac>/<name>.iso\n", "bad_mac");
  }
  LookupResult found = backend_->byMac(*mac);
  if (found.status == LookupStatus::NotFound) {
    log_.info("ISO refused: hardware not found",
              {{"mac", mac->toString()}, {"client", request.client}});
    return fail(response, 404, "", "not_found");
  }
  if (!found.found()) {
    log_.error("ISO refused: backend lookup failed", {{"mac", mac->toString()},
                                                      {"lookup", lookupStatusName(found.status)},
                                                      {"detail", found.detail}});
    return fail(response, 500, "", "backend");
  }
  const HardwareRecord& hw = *found.record;
  const std::string patch = buildPatch(hw, settings_.patch);
  std::string replacement = paddedReplacement(patch, settings_.magic_string.size());
  if (replacement.empty()) {
    // Writing on would overwrite the bytes after the magic string.
    log_.error("ISO refused: kernel arguments longer than the magic string",
               {{"mac", mac->toString()},
                {"patch_bytes", patch.size()},
                {"magic_string_bytes", settings_.magic_string.size()}});
    return fail(response, 500, "kernel arguments do not fit in the ISO's magic string\n",
                "patch_too_long");
  }
  const std::string& source =
      hw.netboot.iso_source_url.empty() ? settings_.url : hw.netboot.iso_source_url;
  if (source.empty()) {
    log_.warn("ISO refused: no source ISO for this machine (set url or isoboot.sourceISO)",
              {{"mac", mac->toString()}});
    return fail(response, 404, "", "no_source");
  }
  // A query may select another upstream representation: only plain URLs
  // are served from the cache.
  if (settings_.cache && request.query.empty()) {
    if (auto image = settings_.cache->find(source)) {
      return serveCached(request, response, *mac, *image, replacement);
    }
  }
  return stream(request, response, *mac, source, std::move(replacement));
}

IsoOutcome MagicStringPatcher::serveCached(const IsoRequest& request, IsoResponse& response,
                                           const MacAddress& mac, const CachedImage& image,
                                           const std::string& replacement) const {
  std::vector<IsoHeader> headers = {{"Accept-Ranges", "bytes"},
                                    {"Content-Type", "application/octet-stream"}};
  if (!image.etag.empty()) headers.push_back({"ETag", image.etag});
  if (!image.last_modified.empty()) headers.push_back({"Last-Modified", image.last_modified});
  const std::string if_none_match = findHeader(request.headers, "If-None-Match");
  const std::string if_modified_since = findHeader(request.headers, "If-Modified-Since");
  const bool not_modified =
      !if_none_match.empty()
          ? !image.etag.empty() &&
                (if_none_match == "*" || if_none_match.find(image.etag) != std::string::npos)
          : !if_modified_since.empty() && if_modified_since == image.last_modified;
  if (not_modified) {
    response.begin(304, headers, 0);
    return {304, 0, IsoEnd::Complete};
  }
  ClientRange range;
  http::RangeHeader range_parse =
      http::parseRangeHeader(findHeader(request.headers, "Range"), range);
  const std::string if_range = findHeader(request.headers, "If-Range");
  if (range_parse != http::RangeHeader::Absent && !if_range.empty() && if_range != image.etag &&
      if_range != image.last_modified) {
    range_parse = http::RangeHeader::Ignored;  // another version: the whole image
  }
  int status = 200;
  std::uint64_t first = 0, end = image.size;
  if (range_parse == http::RangeHeader::Single || range_parse == http::RangeHeader::Unsatisfiable) {
    auto slice = http::resolveRange(range, image.size);
    if (!slice) {
      return fail(response, 416, "", "range",
                  {{"Content-Range", http::unsatisfiedContentRange(image.size)}});
    }
    status = 206;
    first = slice->first;
    end = slice->last + 1;
    headers.push_back({"Content-Range", http::contentRange(*slice, image.size)});
  }
  response.begin(status, headers, static_cast<std::int64_t>(end - first));
  if (request.method == "HEAD") return {status, 0, IsoEnd::Complete};
  const bool complete = sendCachedBody(response, image, first, end, replacement);
  bytes_.inc(complete ? end - first : 0);
  if (status == 200)
    log_.info("ISO patched from cache", {{"mac", mac.toString()}, {"bytes", end - first}});
  return {status, complete ? end - first : 0, complete ? IsoEnd::Complete : IsoEnd::ClientGone};
}

bool MagicStringPatcher::sendCachedBody(IsoResponse& response, const CachedImage& image,
                                        std::uint64_t first, std::uint64_t end,
                                        const std::string& replacement) const {
  const std::uint64_t m = replacement.size();
  if (image.markers) {
    // The markers' places are known: file bytes go out as they are (the
    // server may use sendfile), the replacement where a marker overlaps.
    std::uint64_t at = first;
    for (std::uint64_t position : *image.markers) {
      if (position + m <= at) continue;
      if (position >= end) break;
      if (position > at && !response.writeFile(image.fd, at, position - at)) return false;
      at = std::max(at, position);
      const std::uint64_t to = std::min(position + m, end);
      if (!response.write(replacement.data() + (at - position), to - at)) return false;
      at = to;
    }
    return at >= end || response.writeFile(image.fd, at, end - at);
  }
  // Too many markers to list: scan a window around the slice.
  const std::uint64_t margin = m - 1;
  const std::uint64_t from = first > margin ? first - margin : 0;
  const std::uint64_t to = std::min(image.size, end + margin);
  StreamPatcher patcher(settings_.magic_string, replacement, from, first, end);
  auto sink = [&response](const char* data, std::size_t size) {
    return response.write(data, size);
  };
  std::vector<char> buffer(settings_.read_size);
  for (std::uint64_t at = from; at < to;) {
    const ssize_t got =
        ::pread(image.fd, buffer.data(), std::min<std::uint64_t>(buffer.size(), to - at),
                static_cast<off_t>(at));
    if (got <= 0) return false;
    if (!patcher.feed(buffer.data(), static_cast<std::size_t>(got), sink)) return false;
    at += static_cast<std::uint64_t>(got);
  }
  return patcher.finish(sink);
}

// The five steps of a streamed answer: ask upstream with the right
// headers, refuse what cannot be patched, work out the client's head from
// upstream's, patch the body through, then check and count what went out.
IsoOutcome MagicStringPatcher::stream(const IsoRequest& request, IsoResponse& response,
                                      const MacAddress& mac, const std::string& source,
                                      std::string replacement) const {
  ClientRange range;
  const http::RangeHeader range_parse =
      http::parseRangeHeader(findHeader(request.headers, "Range"), range);
  if (range_parse == http::RangeHeader::Ignored) {
    log_.debug("ISO: Range header ignored, sending the whole image",
               {{"range", findHeader(request.headers, "Range")}, {"mac", mac.toString()}});
  }
  const std::vector<IsoHeader> headers =
      upstreamHeaders(request.headers, range, range_parse, settings_.magic_string.size() - 1);
  UpstreamResponse up;
  if (auto refused = openUpstream(request, response, mac, source, headers, up)) return *refused;
  StreamPlan plan;
  if (auto refused = planAnswer(up, range, range_parse, response, mac, plan)) return *refused;

  const bool has_body = request.method != "HEAD" && plan.status != 304;
  if (!has_body && plan.status == 304) plan.length = 0;
  response.begin(plan.status, plan.headers, has_body || request.method == "HEAD" ? plan.length : 0);
  IsoOutcome outcome{plan.status, 0, IsoEnd::Complete};
  if (!has_body) return outcome;

  StreamPatcher patcher(settings_.magic_string, std::move(replacement), plan.upstream_first,
                        plan.emit_first, plan.emit_end);
  outcome.end = patchBody(up, patcher, response, mac);
  outcome.bytes = patcher.emitted();
  checkAndCount(plan, patcher, mac, up.url, outcome);
  return outcome;
}

std::optional<IsoOutcome> MagicStringPatcher::openUpstream(
    const IsoRequest& request, IsoResponse& response, const MacAddress& mac,
    const std::string& source, const std::vector<IsoHeader>& headers, UpstreamResponse& up) const {
  const std::string url = withQuery(source, request.query);
  try {
    up = fetchUpstream(request.method, url, headers, settings_.upstream, &pool_);
  } catch (const UpstreamError& e) {
    log_.error("ISO upstream failed", {{"mac", mac.toString()}, {"url", url}, {"error", e.what()}});
    return fail(response, 502, "upstream ISO unavailable\n", "upstream");
  }
  if (!passesThrough(up.status)) {
    log_.error("ISO upstream answered with an error",
               {{"mac", mac.toString()}, {"url", up.url}, {"status", up.status}});
    return fail(response, 502, "upstream ISO unavailable\n", "upstream_status");
  }
  if (const std::string* encoding = up.header("Content-Encoding");
      encoding && !sameHeaderName(*encoding, "identity")) {
    log_.error("ISO upstream sent an encoded body, which cannot be patched",
               {{"mac", mac.toString()}, {"url", up.url}, {"content_encoding", *encoding}});
    return fail(response, 502, "upstream ISO unavailable\n", "upstream_encoding");
  }
  return std::nullopt;
}

std::optional<IsoOutcome> MagicStringPatcher::planAnswer(
    const UpstreamResponse& up, const ClientRange& range, http::RangeHeader range_parse,
    IsoResponse& response, const MacAddress& mac, StreamPlan& plan) const {
  for (const auto& h : up.headers) {
    if (sameHeaderName(h.name, "Content-Length") || sameHeaderName(h.name, "Content-Range"))
      continue;
    plan.headers.push_back(h);
  }
  plan.status = up.status;
  plan.length = up.length ? static_cast<std::int64_t>(*up.length) : -1;
  if (up.status == 416 && up.header("Content-Range")) {
    plan.headers.push_back({"Content-Range", *up.header("Content-Range")});
  }
  if (up.status != 206) return std::nullopt;
  const std::string* content_range = up.header("Content-Range");
  auto sent = content_range ? parseContentRange(*content_range) : std::nullopt;
  if (!sent || range_parse != http::RangeHeader::Single) {
    log_.error("ISO upstream sent a partial answer that was not asked for or cannot be read",
               {{"mac", mac.toString()},
                {"url", up.url},
                {"content_range", content_range ? *content_range : ""}});
    return fail(response, 502, "upstream ISO unavailable\n", "upstream_range");
  }
  Slice slice;
  switch (clientSlice(range, *sent, slice)) {
    case SliceResult::Unsatisfiable:
      return fail(response, 416, "", "range",
                  {{"Content-Range", http::unsatisfiedContentRange(*sent->total)}});
    case SliceResult::Inconsistent:
      log_.error("ISO upstream's range does not cover the request",
                 {{"mac", mac.toString()}, {"url", up.url}, {"content_range", *content_range}});
      return fail(response, 502, "upstream ISO unavailable\n", "upstream_range");
    case SliceResult::Ok:
      break;
  }
  plan.upstream_first = sent->first;
  plan.emit_first = slice.first;
  plan.emit_end = slice.last + 1;
  plan.length = static_cast<std::int64_t>(slice.last - slice.first + 1);
  plan.headers.push_back(
      {"Content-Range", http::contentRange({slice.first, slice.last}, sent->total)});
  return std::nullopt;
}

IsoEnd MagicStringPatcher::patchBody(UpstreamResponse& up, StreamPatcher& patcher,
                                     IsoResponse& response, const MacAddress& mac) const {
  auto sink = [&response](const char* data, std::size_t size) {
    return response.write(data, size);
  };
  std::vector<char> buffer(settings_.read_size);
  std::uint64_t received = 0;
  try {
    for (;;) {
      std::size_t n = up.read(buffer.data(), buffer.size());
      if (n == 0) break;
      received += n;
      if (!patcher.feed(buffer.data(), n, sink)) return IsoEnd::ClientGone;
    }
    if (up.length && received < *up.length) {
      throw UpstreamError("upstream body ended after " + std::to_string(received) + " of " +
                          std::to_string(*up.length) + " bytes");
    }
    return patcher.finish(sink) ? IsoEnd::Complete : IsoEnd::ClientGone;
  } catch (const UpstreamError& e) {
    log_.error("ISO upstream broke off mid-stream; closing the client connection",
               {{"mac", mac.toString()},
                {"url", up.url},
                {"error", e.what()},
                {"bytes_sent", patcher.emitted()}});
    metrics_.counter("smee_iso_upstream_aborts_total", "ISO streams cut short by the upstream.")
        .inc();
    return IsoEnd::UpstreamFailed;
  }
}

void MagicStringPatcher::checkAndCount(const StreamPlan& plan, const StreamPatcher& patcher,
                                       const MacAddress& mac, const std::string& url,
                                       IsoOutcome& outcome) const {
  if (outcome.end == IsoEnd::Complete && plan.length >= 0 &&
      outcome.bytes != static_cast<std::uint64_t>(plan.length)) {
    log_.error(
        "ISO stream length differs from the announced Content-Length; closing the client "
        "connection",
        {{"mac", mac.toString()},
         {"url", url},
         {"announced", plan.length},
         {"sent", outcome.bytes}});
    outcome.end = IsoEnd::UpstreamFailed;
  }
  bytes_.inc(outcome.bytes);
  if (patcher.occurrences() == 0) return;
  patched_.inc(patcher.occurrences());
  // BMCs read an image in thousands of ranges: only whole images log at info.
  std::initializer_list<LogField> fields = {{"mac", mac.toString()},
                                            {"status", plan.status},
                                            {"bytes", outcome.bytes},
                                            {"occurrences", patcher.occurrences()}};
  if (plan.status == 200) {
    log_.info("ISO patched", fields);
  } else {
    log_.debug("ISO range patched", fields);
  }
}

}  // namespace smee::iso
