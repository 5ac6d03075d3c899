#include "otlp_exporter.h"

#include <Poco/Crypto/X509Certificate.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/URI.h>

#include <sstream>

#include "otlp_json.h"

namespace smee::otel {
namespace {

constexpr int kAttempts = 3;

std::int64_t steadyNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool retryable(int status) {
  return status == 429 || status == 502 || status == 503 || status == 504;
}

}  // namespace

OtlpExporter::OtlpExporter(ExporterSettings settings, SpanBuffer& buffer, Logger log,
                           Metrics& metrics)
    : settings_(std::move(settings)),
      buffer_(buffer),
      log_(std::move(log)),
      exported_(metrics.counter("smee_otel_spans_exported_total", "Spans the collector accepted.")),
      dropped_failed_(metrics.counter("smee_otel_spans_dropped_total",
                                      "Spans not exported, by reason.",
                                      {{"reason", "export_failed"}})),
      dropped_at_shutdown_(metrics.counter("smee_otel_spans_dropped_total",
                                           "Spans not exported, by reason.",
                                           {{"reason", "shutdown"}})),
      ok_requests_(metrics.counter("smee_otel_export_requests_total",
                                   "OTLP export requests, by result.", {{"result", "ok"}})),
      failed_requests_(metrics.counter("smee_otel_export_requests_total",
                                       "OTLP export requests, by result.", {{"result", "error"}})) {
}

OtlpExporter::~OtlpExporter() { stop(std::chrono::milliseconds(0)); }

void OtlpExporter::start() {
  thread_ = std::thread([this] { run(); });
}

void OtlpExporter::stop(std::chrono::milliseconds grace) noexcept {
  if (!thread_.joinable()) return;
  deadline_ns_ =
      steadyNanos() + std::chrono::duration_cast<std::chrono::nanoseconds>(grace).count();
  stopping_ = true;
  buffer_.close();
  thread_.join();
}

bool OtlpExporter::pastDeadline() const {
  return stopping_ && steadyNanos() >= deadline_ns_.load();
}

void OtlpExporter::run() {
  for (;;) {
    std::vector<FinishedSpan> batch = buffer_.takeBatch(settings_.schedule_delay);
    if (batch.empty()) {
      if (buffer_.closed()) return;
      continue;
    }
    if (pastDeadline()) {
      dropped_at_shutdown_.inc(batch.size());
      continue;  // drain and count what the grace period did not allow
    }
    exportBatch(batch);
  }
}

void OtlpExporter::exportBatch(const std::vector<FinishedSpan>& batch) {
  const std::string body = encodeOtlpJson(settings_.resource, batch);
  std::string problem;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    Sent sent = post(body, problem);
    if (sent == Sent::Ok) {
      ok_requests_.inc();
      exported_.inc(batch.size());
      if (failing_) {
        log_.info("OTLP export works again",
                  {{"url", settings_.url}, {"spans_dropped_meanwhile", dropped_while_failing_}});
        failing_ = false;
      }
      return;
    }
    failed_requests_.inc();
    if (sent == Sent::Drop) break;
    // 1 s, then 2 s; never past the shutdown deadline.
    for (int waited = 0; waited < 10 * attempt && attempt < kAttempts; ++waited) {
      if (pastDeadline()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (pastDeadline()) break;
  }
  dropped_failed_.inc(batch.size());
  if (!failing_) {
    log_.warn("OTLP export failing, spans dropped until the collector answers",
              {{"url", settings_.url}, {"problem", problem}, {"spans", batch.size()}});
    failing_ = true;
    dropped_while_failing_ = 0;
  }
  dropped_while_failing_ += batch.size();
}

std::unique_ptr<Poco::Net::HTTPClientSession> OtlpExporter::connect() const {
  Poco::URI uri(settings_.url);
  if (uri.getScheme() != "https") {
    return std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
  }
  using Poco::Net::Context;
  Context::Params params;
  // RELAXED checks the chain and, with extended verification (on by
  // default), that the certificate names the host.
  params.verificationMode = Context::VERIFY_RELAXED;
  params.loadDefaultCAs = true;
  Context::Ptr context = new Context(Context::TLS_CLIENT_USE, params);
  if (!settings_.ca_file.empty())
    context->addCertificateAuthority(Poco::Crypto::X509Certificate(settings_.ca_file));
  return std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), context);
}

OtlpExporter::Sent OtlpExporter::post(const std::string& body, std::string& problem) {
  try {
    if (!session_) {
      session_ = connect();
      const auto micros =
          std::chrono::duration_cast<std::chrono::microseconds>(settings_.timeout).count();
      session_->setTimeout(Poco::Timespan(micros));
      session_->setKeepAlive(true);
    }
    Poco::URI uri(settings_.url);
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    request.setKeepAlive(true);
    request.set("User-Agent", "smeed-otel");
    for (const auto& [name, value] : settings_.headers) request.set(name, value);
    session_->sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session_->receiveResponse(response);
    std::ostringstream answer;
    answer << in.rdbuf();  // read it all, so the connection can be reused
    const int status = static_cast<int>(response.getStatus());
    if (status >= 200 && status < 300) return Sent::Ok;
    problem = "HTTP " + std::to_string(status) + " " + answer.str().substr(0, 200);
    return retryable(status) ? Sent::Retry : Sent::Drop;
  } catch (const Poco::Exception& e) {
    problem = e.displayText();
  } catch (const std::exception& e) {
    problem = e.what();
  }
  session_.reset();  // a broken connection is not reused
  return Sent::Retry;
}

}  // namespace smee::otel
