#include "syslog_receiver.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <arpa/inet.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "smee/errors.h"
#include "smee/proto/syslog/message.h"

namespace smee::syslogd {
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

SyslogReceiver::SyslogReceiver(ReceiverSettings settings, std::shared_ptr<const BackendReader> backend,
                               Logger log, Metrics& metrics)
    : settings_(settings),
      backend_(std::move(backend)),
      log_(std::move(log)),
      metrics_(metrics),
      received_(metrics.counter("smee_syslog_messages_total", "Syslog messages received and logged.")),
      dropped_full_(metrics.counter("smee_syslog_drops_total", "Syslog datagrams dropped, by reason.",
                                    {{"reason", "queue_full"}})),
      unparseable_(metrics.counter("smee_syslog_drops_total", "Syslog datagrams dropped, by reason.",
                                   {{"reason", "unparseable"}})) {}

SyslogReceiver::~SyslogReceiver() { stop(); }

void SyslogReceiver::start() {
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw Error(std::string("cannot create a UDP socket: ") + std::strerror(errno));
  int buffer = 4 << 20;
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(settings_.port);
  sa.sin_addr.s_addr = htonl(settings_.address.value());
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
    int err = errno;
    ::close(fd_);
    fd_ = -1;
    throw Error("cannot listen on " + settings_.address.toString() + ":" + std::to_string(settings_.port) +
                ": " + std::strerror(err));
  }
  socklen_t len = sizeof sa;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len);
  bound_port_ = ntohs(sa.sin_port);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  stopping_ = false;
  receiver_ = std::thread([this] { receiveLoop(); });
  logger_ = std::thread([this] { logLoop(); });
  log_.info("syslog receiver listening",
            {{"addr", settings_.address.toString() + ":" + std::to_string(bound_port_)}});
}

void SyslogReceiver::stop() noexcept {
  if (!receiver_.joinable()) return;
  stopping_ = true;
  std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  ready_.notify_all();
  receiver_.join();
  logger_.join();
  ::close(fd_);
  ::close(wake_fd_);
  fd_ = wake_fd_ = -1;
}

void SyslogReceiver::receiveLoop() {
  pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  std::vector<std::uint8_t> buffer(65536);
  while (!stopping_) {
    if (::poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents) return;
    for (;;) {
      sockaddr_in from{};
      socklen_t len = sizeof from;
      ssize_t n = ::recvfrom(fd_, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
      if (n < 0) break;
      std::unique_lock lock(mutex_);
      if (queue_.size() >= settings_.queue_size ||
          queued_bytes_ + static_cast<std::size_t>(n) > settings_.queue_bytes) {
        lock.unlock();
        dropped_full_.inc();
        continue;
      }
      queued_bytes_ += static_cast<std::size_t>(n);
      queue_.push_back({std::vector<std::uint8_t>(buffer.begin(), buffer.begin() + n),
                        Ipv4Address(ntohl(from.sin_addr.s_addr))});
      lock.unlock();
      ready_.notify_one();
    }
  }
}

void SyslogReceiver::logLoop() {
  for (;;) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything received was logged
    Datagram d = std::move(queue_.front());
    queue_.pop_front();
    queued_bytes_ -= d.bytes.size();
    lock.unlock();
    handle(d.bytes, d.sender);
  }
}

void SyslogReceiver::handle(const std::vector<std::uint8_t>& datagram, Ipv4Address sender) {
  auto message = syslog::parseMessage(datagram);
  if (!message) {
    unparseable_.inc();
    std::string raw(datagram.begin(), datagram.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(datagram.size(), 256)));
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
      if (!found.record->dhcp.hostname.empty()) fields.emplace_back("machine", found.record->dhcp.hostname);
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
    for (const auto& [name, value] : element.params) fields.emplace_back("sd." + element.id + "." + name, value);
  }
  if (!addJsonFields(message->text, fields)) add("msg", message->text);
  if (journey_) {
    std::string detail = message->app_name.empty() ? message->text : message->app_name + ": " + message->text;
    JourneyEvent event{JourneyStage::Syslog, JourneyOutcome::Ok, "message", std::move(detail)};
    if (machine_mac) {
      journey_->record(*machine_mac, std::move(event));
    } else {
      journey_->recordByAddress(sender, std::move(event));
    }
  }
  std::vector<LogField> list;
  for (const auto& [k, v] : fields) list.emplace_back(k, v);
  if (message->severity == 7) {
    log_.debugFields("syslog message", list);
  } else {
    log_.infoFields("syslog message", list);
  }
}

}  // namespace smee::syslogd
