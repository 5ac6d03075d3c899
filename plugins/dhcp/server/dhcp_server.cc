#include "dhcp_server.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "reply.h"
#include "span_attributes.h"
#include "smee/smee_series.h"
#include "smee/errors.h"

namespace smee::dhcp {
namespace {

std::string typeName(const dhcp4::Packet& packet) {
  auto type = packet.options.messageType();
  return type ? std::string(dhcp4::messageTypeName(*type)) : "BOOTP";
}

std::size_t typeIndex(const dhcp4::Packet& packet) {
  auto type = packet.options.messageType();
  return type ? static_cast<std::size_t>(*type) : 0;
}

constexpr const char* kDropsHelp = "DHCP datagrams dropped, by reason.";

}  // namespace

DhcpServer::DhcpServer(ServerSettings settings, std::shared_ptr<const DhcpHandler> handler,
                       Logger log, Metrics& metrics)
    : settings_(std::move(settings)),
      handler_(std::move(handler)),
      log_(std::move(log)),
      metrics_(metrics),
      latency_(metrics.histogram("smee_dhcp_reply_seconds",
                                 "Time from receiving a DHCP request to sending its reply.",
                                 {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.1})) {
  for (std::size_t i = 0; i < received_by_type_.size(); ++i) {
    std::string name = i == 0 ? "BOOTP" : std::string(dhcp4::messageTypeName(static_cast<dhcp4::MessageType>(i)));
    received_by_type_[i] = &metrics_.counter("smee_dhcp_received_total",
                                             "DHCP requests received, by message type.", {{"type", name}});
    sent_by_type_[i] = &metrics_.counter("smee_dhcp_sent_total", "DHCP replies sent, by message type.",
                                         {{"type", name}});
  }
  // Smee's dhcp_total{op,type} (which Smee itself never counted): every
  // DHCP request type received, and the three reply types sent.
  using dhcp4::MessageType;
  for (std::size_t i = 1; i <= 8; ++i) {
    smee_received_[i] = &smeeDhcpTotal(
        metrics_, "recv", "DHCP" + std::string(dhcp4::messageTypeName(static_cast<MessageType>(i))));
  }
  for (MessageType type : {MessageType::Offer, MessageType::Ack, MessageType::Nak}) {
    smee_sent_[static_cast<std::size_t>(type)] =
        &smeeDhcpTotal(metrics_, "send", "DHCP" + std::string(dhcp4::messageTypeName(type)));
  }
}

Counter& DhcpServer::receivedCounter(const dhcp4::Packet& packet) { return *received_by_type_[typeIndex(packet)]; }
Counter& DhcpServer::sentCounter(const dhcp4::Packet& packet) { return *sent_by_type_[typeIndex(packet)]; }

Counter& DhcpServer::dropCounter(std::string_view reason) {
  std::lock_guard lock(counters_mutex_);
  auto it = drops_.find(reason);
  if (it == drops_.end()) {
    it = drops_.emplace(std::string(reason),
                        &metrics_.counter("smee_dhcp_drops_total", kDropsHelp, {{"reason", std::string(reason)}}))
             .first;
  }
  return *it->second;
}

Counter& DhcpServer::outcomeCounter(const std::string& outcome) {
  std::lock_guard lock(counters_mutex_);
  auto it = decisions_.find(outcome);
  if (it == decisions_.end()) {
    it = decisions_.emplace(outcome, &metrics_.counter("smee_dhcp_decisions_total",
                                                       "DHCP handler decisions, by outcome.",
                                                       {{"outcome", outcome}}))
             .first;
  }
  return *it->second;
}

DhcpServer::~DhcpServer() { stop(); }

void DhcpServer::start() {
  socket_ = std::make_unique<UdpSocket>(settings_.address, settings_.port, settings_.interface);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) throw Error(std::string("eventfd: ") + std::strerror(errno));
  stopping_ = false;
  // Workers first: the receive thread reads workers_ to choose inline mode.
  for (int i = 0; i < settings_.workers; ++i) workers_.emplace_back([this] { workLoop(); });
  receiver_ = std::thread([this] { receiveLoop(); });
  log_.info("DHCP server listening",
            {{"addr", settings_.address.toString() + ":" + std::to_string(port())},
             {"interface", settings_.interface.empty() ? "any" : settings_.interface},
             {"workers", settings_.workers}});
}

void DhcpServer::stop() noexcept {
  if (!receiver_.joinable()) return;
  stopping_ = true;
  std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  ready_.notify_all();
  receiver_.join();
  for (auto& worker : workers_) worker.join();
  workers_.clear();
  ::close(wake_fd_);
  wake_fd_ = -1;
  socket_.reset();
}

std::uint16_t DhcpServer::port() const { return socket_ ? socket_->localPort() : settings_.port; }

void DhcpServer::receiveLoop() {
  pollfd fds[2] = {{socket_->fd(), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  while (!stopping_) {
    if (::poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents) break;
    Datagram datagram;
    while (socket_->receive(datagram)) {
      if (workers_.empty()) {  // workers: 0, answer on this thread
        processSafely(datagram);
        continue;
      }
      std::unique_lock lock(mutex_);
      if (queue_.size() >= settings_.queue_size) {
        lock.unlock();
        dropCounter("queue_full").inc();
        continue;
      }
      queue_.push_back(std::move(datagram));
      lock.unlock();
      ready_.notify_one();
    }
  }
}

void DhcpServer::workLoop() {
  for (;;) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    Datagram datagram = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    processSafely(datagram);
  }
}

void DhcpServer::processSafely(const Datagram& datagram) {
  try {
    process(datagram);
  } catch (const std::exception& e) {
    // A handler must never take the server down with it.
    dropCounter("handler_error").inc();
    log_.error("DHCP handler failed", {{"error", e.what()}});
  }
}

void DhcpServer::process(const Datagram& datagram) {
  auto started = std::chrono::steady_clock::now();
  auto decoded = dhcp4::Packet::decode(datagram.bytes);
  if (auto* error = std::get_if<dhcp4::DecodeError>(&decoded)) {
    dropCounter(dhcp4::decodeErrorName(*error)).inc();
    if (log_.debugEnabled()) log_.debug("dropped malformed DHCP datagram",
               {{"from", datagram.source.toString()}, {"reason", dhcp4::decodeErrorName(*error)},
                {"bytes", datagram.bytes.size()}});
    return;
  }
  const auto& request = std::get<dhcp4::Packet>(decoded);
  receivedCounter(request).inc();
  if (Counter* smee = smee_received_[typeIndex(request)]) smee->inc();
  DhcpRequestContext context{datagram.interface_index, "", datagram.local_address,
                             datagram.source, datagram.source_port};
  ScopedSpan span;
  if (tracer_) {
    span = ScopedSpan(tracer_.get(), "DHCP Packet Received: " + typeName(request), SpanKind::Server);
    addPacketAttributes(span, "request", request);
    span.setString("DHCP.peer", datagram.source.toString() + ":" + std::to_string(datagram.source_port));
    context.tracer = tracer_.get();
    context.trace = span.context();
  }
  bool info = log_.infoEnabled();
  std::string mac = info ? request.mac().toString() : std::string();
  if (log_.debugEnabled()) log_.debug("received DHCP packet", {{"mac", mac}, {"type", typeName(request)},
                                      {"xid", std::to_string(request.xid)},
                                      {"from", datagram.source.toString()}});
  DhcpDecision decision = handler_->handle(request, context);
  outcomeCounter(decision.outcome).inc();
  span.setString("DHCP.outcome", decision.outcome);
  if (!decision.reply) {
    if (!decision.detail.empty()) span.setString("DHCP.detail", decision.detail);
    if (info) log_.info("no DHCP reply", {{"mac", mac}, {"type", typeName(request)},
                                {"outcome", decision.outcome}, {"detail", decision.detail}});
    return;
  }
  const dhcp4::Packet& reply = *decision.reply;
  addPacketAttributes(span, "reply", reply);
  ReplyDestination to = replyDestination(request, reply, context);
  int err = socket_->send(reply.encode(), to.address, to.port, datagram.interface_index,
                          datagram.local_address);
  if (err != 0) {
    dropCounter("send_error").inc();
    span.setError(std::string("send: ") + std::strerror(err));
    log_.error("cannot send DHCP reply", {{"mac", request.mac().toString()}, {"to", to.address.toString()},
                                          {"error", std::strerror(err)}});
    return;
  }
  sentCounter(reply).inc();
  if (Counter* smee = smee_sent_[typeIndex(reply)]) smee->inc();
  latency_.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (!info) return;
  std::string file = reply.file.empty() ? reply.options.text(dhcp4::opt::kBootFileName) : reply.file;
  log_.info("sent DHCP response", {{"mac", mac}, {"type", typeName(reply)},
                                   {"yiaddr", reply.yiaddr.toString()},
                                   {"siaddr", reply.siaddr.toString()}, {"file", file},
                                   {"to", to.address.toString() + ":" + std::to_string(to.port)},
                                   {"xid", std::to_string(request.xid)}});
}

}  // namespace smee::dhcp
