#include "hardware_client.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/URI.h>

#include <stdexcept>

#include "tls_client_context.h"
#include "tls_server_name.h"

namespace smee::backend_http {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::string secondsText(milliseconds duration) {
  const auto ms = duration.count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

Poco::Timespan timespanOf(milliseconds duration) {
  return Poco::Timespan(std::max<std::int64_t>(1, duration.count()) * 1000);
}

// The time left before `deadline`; throws Poco::TimeoutException when none is.
milliseconds remaining(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) throw Poco::TimeoutException("deadline passed");
  return left;
}

FetchResult resultOfStatus(int status) {
  if (status == 200) return FetchResult::Found;
  if (status == 404) return FetchResult::NotFound;
  if (status >= 300 && status < 400) return FetchResult::Redirect;
  if (status == 401 || status == 403) return FetchResult::Unauthorized;
  if (status >= 500 && status < 600) return FetchResult::ServerError;
  return FetchResult::BadStatus;
}

// Reads the body with the request's deadline: one socket read at a time, each
// bounded by the time left, so a server dribbling bytes cannot hold a worker
// past `timeout`. Stops one byte past `max_body`.
std::string readBody(std::istream& in, Poco::Net::HTTPClientSession& session,
                     Clock::time_point deadline, std::size_t max_body) {
  // Poco reports socket errors by throwing inside the stream buffer; the
  // stream would swallow them into badbit without this.
  in.exceptions(std::ios::badbit);
  std::string body;
  char buffer[16384];
  while (body.size() <= max_body) {
    session.socket().setReceiveTimeout(timespanOf(remaining(deadline)));
    // read() of one byte costs at most one socket read; readsome() then takes
    // what that read buffered without reading again.
    if (!in.read(buffer, 1)) break;  // end of body
    body.push_back(buffer[0]);
    const std::streamsize more =
        in.readsome(buffer, static_cast<std::streamsize>(
                                std::min<std::size_t>(sizeof buffer, max_body + 1 - body.size())));
    body.append(buffer, static_cast<std::size_t>(std::max<std::streamsize>(0, more)));
  }
  return body;
}

void setRequestHeaders(Poco::Net::HTTPRequest& request, TokenFile* token,
                       std::string& token_problem) {
  request.set("Accept", "application/json");
  request.set("User-Agent", "smeed-backend-http");
  if (token) request.set("Authorization", "Bearer " + token->current(token_problem));
}

// A 200's body is read only when it fits max_body, as announced and as
// read: a larger one is an answer about one machine, not an API failure.
void readFoundBody(FetchOutcome& outcome, const Poco::Net::HTTPResponse& response, std::istream& in,
                   Poco::Net::HTTPClientSession& session, Clock::time_point deadline,
                   std::size_t max_body) {
  if (response.hasContentLength() &&
      response.getContentLength64() > static_cast<std::int64_t>(max_body)) {
    outcome.result = FetchResult::TooLarge;
  } else {
    outcome.body = readBody(in, session, deadline, max_body);
    if (outcome.body.size() > max_body) {
      outcome.result = FetchResult::TooLarge;
      outcome.body.clear();
    }
  }
  if (outcome.result == FetchResult::TooLarge) {
    outcome.reason = "the answer is larger than " + std::to_string(max_body) + " bytes; not read";
  }
}

void readAnswer(FetchOutcome& outcome, const Poco::Net::HTTPResponse& response, std::istream& in,
                Poco::Net::HTTPClientSession& session, Clock::time_point deadline,
                std::size_t max_body) {
  outcome.status = static_cast<int>(response.getStatus());
  outcome.result = resultOfStatus(outcome.status);
  if (outcome.result == FetchResult::Found) {
    readFoundBody(outcome, response, in, session, deadline, max_body);
  } else if (outcome.result == FetchResult::Redirect) {
    const std::string location = response.get("Location", "");
    outcome.reason = "redirected (" + std::to_string(outcome.status) + ") to \"" +
                     location.substr(0, 200) +
                     "\"; redirects are not followed: set url to "
                     "where the API answers";
  } else if (outcome.result != FetchResult::NotFound) {
    outcome.reason = "HTTP " + std::to_string(outcome.status) + " " + response.getReason();
  }
}

std::string certificateReason(const std::string& host, const std::string& certificate) {
  return "TLS: the certificate is not valid for host " + host + ": " + certificate;
}

// Called from a catch block: rethrows the exception in flight to turn its
// kind into the outcome's result and reason, so the request itself reads
// as one exchange and the four kinds of failure as one list.
void noteFailure(FetchOutcome& outcome, const ClientOptions& options, const std::string& host,
                 bool https, bool connected) {
  try {
    throw;
  } catch (const Poco::TimeoutException&) {
    outcome.result = FetchResult::Timeout;
    outcome.reason = connected ? "no complete answer within " + secondsText(options.timeout)
                               : "no connection within " + secondsText(options.connect_timeout);
  } catch (const Poco::Net::SSLException& e) {
    outcome.result = FetchResult::TlsError;
    const std::string certificate = backend_kube::takeCertificateFailure();
    outcome.reason =
        certificate.empty() ? "TLS: " + e.displayText() : certificateReason(host, certificate);
  } catch (const Poco::Exception& e) {
    outcome.result = FetchResult::ConnectionError;
    outcome.reason = e.displayText();
    // A refused handshake surfaces as an I/O error on some paths; the
    // verify callback knows better.
    if (const std::string certificate = https ? backend_kube::takeCertificateFailure() : "";
        !certificate.empty()) {
      outcome.result = FetchResult::TlsError;
      outcome.reason = certificateReason(host, certificate);
    }
  } catch (const std::exception& e) {
    outcome.result = FetchResult::ConnectionError;
    outcome.reason = e.what();
  }
}

}  // namespace

std::string_view fetchResultName(FetchResult result) {
  switch (result) {
    case FetchResult::Found:
      return "found";
    case FetchResult::NotFound:
      return "not_found";
    case FetchResult::Redirect:
      return "redirect";
    case FetchResult::Unauthorized:
      return "unauthorized";
    case FetchResult::BadStatus:
      return "bad_status";
    case FetchResult::ServerError:
      return "server_error";
    case FetchResult::TooLarge:
      return "too_large";
    case FetchResult::Timeout:
      return "timeout";
    case FetchResult::ConnectionError:
      return "connection_error";
    case FetchResult::TlsError:
      return "tls_error";
  }
  return "unknown";
}

bool isApiFailure(FetchResult result) {
  switch (result) {
    case FetchResult::Found:
    case FetchResult::NotFound:
    case FetchResult::TooLarge:  // an answer about one machine, however broken
      return false;
    default:
      return true;
  }
}

HardwareClient::HardwareClient(ClientOptions options) : options_(std::move(options)) {
  Poco::URI uri;
  try {
    uri = Poco::URI(options_.url);
  } catch (const Poco::Exception& e) {
    throw std::invalid_argument("\"" + options_.url + "\" is not a URL: " + e.displayText());
  }
  const std::string scheme = uri.getScheme();
  if (scheme != "http" && scheme != "https") {
    throw std::invalid_argument("\"" + options_.url + "\": the scheme must be http or https");
  }
  if (uri.getHost().empty()) throw std::invalid_argument("\"" + options_.url + "\" has no host");
  if (!uri.getUserInfo().empty()) {
    throw std::invalid_argument("\"" + options_.url +
                                "\": credentials in the URL are not sent; use token_file");
  }
  if (!uri.getRawQuery().empty() || !uri.getFragment().empty()) {
    throw std::invalid_argument("\"" + options_.url +
                                "\": no query or fragment (smeed adds /v1/hardware?mac=...)");
  }
  https_ = scheme == "https";
  host_ = uri.getHost();
  port_ = uri.getPort();
  path_prefix_ = uri.getPath();
  while (!path_prefix_.empty() && path_prefix_.back() == '/') path_prefix_.pop_back();
  if (!https_ && !options_.ca_file.empty()) {
    throw std::invalid_argument("ca_file is set but \"" + options_.url + "\" is not https");
  }
  if (https_) {
    try {
      tls_ = makeTlsClientContext(host_, options_.ca_file);
    } catch (const std::runtime_error& e) {
      throw std::invalid_argument(e.what());
    }
  }
  if (!options_.token_file.empty()) {
    token_ = std::make_unique<TokenFile>(options_.token_file);
    try {
      token_->load();
    } catch (const std::runtime_error& e) {
      throw std::invalid_argument(e.what());
    }
  }
}

HardwareClient::~HardwareClient() = default;

std::unique_ptr<Poco::Net::HTTPClientSession> HardwareClient::makeSession() const {
  if (https_) return std::make_unique<Poco::Net::HTTPSClientSession>(host_, port_, tls_);
  return std::make_unique<Poco::Net::HTTPClientSession>(host_, port_);
}

FetchOutcome HardwareClient::get(const LookupKey& key) {
  const Clock::time_point deadline = Clock::now() + options_.timeout;
  FetchOutcome outcome;
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET,
                                 path_prefix_ + "/v1/hardware?" + key.query,
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  setRequestHeaders(request, token_.get(), outcome.token_problem);

  std::unique_ptr<Poco::Net::HTTPClientSession> session = makeSession();
  if (!watchdog_.add(session.get(), deadline)) {
    outcome.reason = "stopping";
    return outcome;
  }
  bool connected = false;
  bool failed = false;
  if (https_) backend_kube::takeCertificateFailure();  // an earlier request's is not this one's
  try {
    session->setTimeout(timespanOf(options_.connect_timeout), timespanOf(remaining(deadline)),
                        timespanOf(remaining(deadline)));
    session->sendRequest(request);
    connected = true;
    session->socket().setReceiveTimeout(timespanOf(remaining(deadline)));
    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    readAnswer(outcome, response, in, *session, deadline, options_.max_body);
  } catch (const std::exception&) {
    failed = true;
    noteFailure(outcome, options_, host_, https_, connected);
  }
  if (watchdog_.remove(session.get()) && failed) {
    // The watchdog cut it off: whatever the socket said, the deadline passed.
    outcome.result = FetchResult::Timeout;
    outcome.reason = (connected ? "no complete answer within " : "no connection within ") +
                     secondsText(options_.timeout);
  }
  return outcome;
}

void HardwareClient::reloadToken() {
  if (token_) token_->reload();
}

}  // namespace smee::backend_http
