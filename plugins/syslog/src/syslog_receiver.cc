#include "syslog_receiver.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <cstring>

#include "smee/errors.h"
#include "smee/proto/syslog/message.h"

namespace smee::syslog {
namespace {

// Top-level members of a JSON object body (tink-worker and HookOS send
// structured logs), as fields; nullopt when the text is not a JSON object.
bool addJsonFields(const std::string& text, std::vector<std::pair<std::string, std::string>>& out) {
  if (text.empty() || text.front() != '{') return false;
  try {
    Poco::JSON::Parser parser;
    auto object = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    for (const auto& [key, value] : *object) out.emplace_back("json." + key, value.toString());
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace

SyslogReceiver::SyslogReceiver(ReceiverSettings settings,
                               std::shared_ptr<const BackendReader> backend, Logger log,
                               Metrics& metrics)
    : settings_(settings),
      backend_(std::move(backend)),
      log_(std::move(log)),
      metrics_(metrics),
      received_(
          metrics.counter("smee_syslog_messages_total", "Syslog messages received and logged.")),
      dropped_full_(metrics.counter("smee_syslog_drops_total",
                                    "Syslog datagrams dropped, by reason.",
                                    {{"reason", "queue_full"}})),
      unparseable_(metrics.counter("smee_syslog_drops_total",
                                   "Syslog datagrams dropped, by reason.",
                                   {{"reason", "unparseable"}})),
      queue_(settings_.queue_size, settings_.queue_bytes) {}

SyslogReceiver::~SyslogReceiver() { stop(); }

void SyslogReceiver::start() {
  // A rack's kernels all log at once at boot: a 4 MiB buffer absorbs the burst.
  socket_.emplace(UdpSocketOptions{.address = settings_.address,
                                   .port = settings_.port,
                                   .non_blocking = true,
                                   .buffer_bytes = 4 << 20});
  bound_port_ = socket_->localPort();
  stop_.emplace();
  queue_.reopen();
  receiver_ = std::thread([this] { receiveLoop(); });
  logger_ = std::thread([this] { logLoop(); });
  log_.info("syslog receiver listening",
            {{"addr", settings_.address.toString() + ":" + std::to_string(bound_port_)}});
}

void SyslogReceiver::stop() noexcept {
  if (!receiver_.joinable()) return;
  stop_->raise();
  receiver_.join();
  queue_.close();  // the logger writes what was received, then ends
  logger_.join();
  socket_.reset();
  stop_.reset();
}

void SyslogReceiver::receiveLoop() {
  std::vector<std::uint8_t> buffer(65536);
  const int fd = socket_->fd();
  while (waitReadable(fd, *stop_)) {
    for (;;) {
      sockaddr_in from{};
      socklen_t len = sizeof from;
      ssize_t n =
          ::recvfrom(fd, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
      if (n < 0) break;
      const auto size = static_cast<std::size_t>(n);
      Datagram datagram{std::vector<std::uint8_t>(buffer.begin(), buffer.begin() + n),
                        Ipv4Address(ntohl(from.sin_addr.s_addr))};
      if (!queue_.push(std::move(datagram), size)) dropped_full_.inc();
    }
  }
}

void SyslogReceiver::logLoop() {
  while (auto datagram = queue_.pop()) handle(datagram->bytes, datagram->sender);
}

void SyslogReceiver::handle(const std::vector<std::uint8_t>& datagram, Ipv4Address sender) {
  auto message = syslog::parseMessage(datagram);
  if (!message) {
    unparseable_.inc();
    std::string raw(datagram.begin(),
                    datagram.begin() +
                        static_cast<std::ptrdiff_t>(std::min<std::size_t>(datagram.size(), 256)));
    log_.debug("unparseable syslog datagram", {{"host", sender.toString()}, {"raw", raw}});
    return;
  }
  received_.inc();
  std::optional<MacAddress> machine_mac;
  std::vector<std::pair<std::string, std::string>> fields = {
      {"host", sender.toString()},
      {"facility", std::string(syslog::facilityName(message->facility))},
      {"severity", std::string(syslog::severityName(message->severity))}};
  if (backend_) {
    auto found = backend_->byIp(sender);
    if (found.found()) {
      machine_mac = found.record->dhcp.mac;
      fields.emplace_back("mac", found.record->dhcp.mac.toString());
      if (!found.record->dhcp.hostname.empty())
        fields.emplace_back("machine", found.record->dhcp.hostname);
    }
  }
  auto add = [&](const char* key, const std::string& value) {
    if (!value.empty()) fields.emplace_back(key, value);
  };
  add("hostname", message->hostname);
  add("app-name", message->app_name);
  add("procid", message->procid);
  add("msgid", message->msgid);
  for (const auto& element : message->structured_data) {
    for (const auto& [name, value] : element.params)
      fields.emplace_back("sd." + element.id + "." + name, value);
  }
  if (!addJsonFields(message->text, fields)) add("msg", message->text);
  if (journey_) {
    std::string detail =
        message->app_name.empty() ? message->text : message->app_name + ": " + message->text;
    JourneyEvent event{JourneyStage::Syslog, JourneyOutcome::Ok, "message", std::move(detail)};
    if (machine_mac) {
      journey_->record(*machine_mac, std::move(event));
    } else {
      journey_->recordByAddress(sender, std::move(event));
    }
  }
  std::vector<LogField> list;
  list.reserve(fields.size());
  for (const auto& [k, v] : fields) list.emplace_back(k, v);
  if (message->severity == 7) {
    log_.debugFields("syslog message", list);
  } else {
    log_.infoFields("syslog message", list);
  }
}

}  // namespace smee::syslog
