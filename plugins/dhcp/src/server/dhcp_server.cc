#include "dhcp_server.h"

#include <chrono>
#include <cstring>

#include "message_type.h"
#include "receive_batch.h"
#include "send_batch.h"
#include "smee/errors.h"
#include "smee/smee_series.h"
#include "span_attributes.h"

namespace smee::dhcp {
namespace {

std::size_t typeIndex(const dhcp4::Packet& packet) {
  auto type = packet.options.messageType();
  return type ? static_cast<std::size_t>(*type) : 0;
}

// Every drop reason the server counts and every outcome the plugin's own
// modes give: their series are found without a lock.
constexpr std::string_view kDropReasons[] = {"too_short",     "no_magic_cookie", "truncated_option",
                                             "no_end_option", "bad_overload",    "queue_full",
                                             "send_error",    "handler_error"};
constexpr std::string_view kOutcomes[] = {"offer",
                                          "ack",
                                          "nak",
                                          "not_found",
                                          "ambiguous_hardware",
                                          "malformed_hardware",
                                          "backend_unavailable",
                                          "backend_error",
                                          "dhcp_disabled",
                                          "no_ip",
                                          "release",
                                          "unsupported_message_type",
                                          "request_for_other_server",
                                          "not_boot_request",
                                          "not_netboot_client",
                                          "netboot_not_allowed",
                                          "unknown_arch",
                                          "not_pxe_client"};

// Datagrams taken per recvmmsg(): enough to drain a burst in one call.
constexpr std::size_t kReceiveBatch = 16;

}  // namespace

DhcpServer::DhcpServer(ServerSettings settings, std::shared_ptr<const DhcpHandler> handler,
                       Logger log, Metrics& metrics)
    : settings_(std::move(settings)),
      handler_(std::move(handler)),
      log_(std::move(log)),
      metrics_(metrics),
      latency_(metrics.histogram(settings_.metrics_prefix + "_reply_seconds",
                                 "Time from receiving a DHCP request to sending its reply.",
                                 {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.1})),
      drops_(metrics, settings_.metrics_prefix + "_drops_total",
             "DHCP datagrams dropped, by reason.", "reason", kDropReasons),
      decisions_(metrics, settings_.metrics_prefix + "_decisions_total",
                 "DHCP handler decisions, by outcome.", "outcome", kOutcomes),
      queue_(settings_.queue_size) {
  for (std::size_t i = 0; i < received_by_type_.size(); ++i) {
    std::string name =
        i == 0 ? "BOOTP" : std::string(dhcp4::messageTypeName(static_cast<dhcp4::MessageType>(i)));
    received_by_type_[i] =
        &metrics_.counter(settings_.metrics_prefix + "_received_total",
                          "DHCP requests received, by message type.", {{"type", name}});
    sent_by_type_[i] = &metrics_.counter(settings_.metrics_prefix + "_sent_total",
                                         "DHCP replies sent, by message type.", {{"type", name}});
  }
  // Smee's dhcp_total{op,type} (which Smee itself never counted): every
  // DHCP request type received, and the three reply types sent.
  using dhcp4::MessageType;
  for (std::size_t i = 1; i <= 8; ++i) {
    smee_received_[i] =
        &smeeDhcpTotal(metrics_, "recv",
                       "DHCP" + std::string(dhcp4::messageTypeName(static_cast<MessageType>(i))));
  }
  for (MessageType type : {MessageType::Offer, MessageType::Ack, MessageType::Nak}) {
    smee_sent_[static_cast<std::size_t>(type)] =
        &smeeDhcpTotal(metrics_, "send", "DHCP" + std::string(dhcp4::messageTypeName(type)));
  }
}

DhcpServer::~DhcpServer() { stop(); }

void DhcpServer::start() {
  // Blocking receives (ReceiveBatch): one system call per wake-up instead of
  // poll() plus reads; stop() wakes the thread with stopReceiving().
  socket_.emplace(UdpSocketOptions{.address = settings_.address,
                                   .port = settings_.port,
                                   .interface = settings_.interface,
                                   .broadcast = true,
                                   .packet_info = true});
  stopping_ = false;
  queue_.reopen();
  // Workers first: the receive thread reads workers_ to choose inline mode.
  for (int i = 0; i < settings_.workers; ++i) workers_.emplace_back([this] { workLoop(); });
  receiver_ = std::thread([this] { receiveLoop(); });
  log_.info(settings_.name + " listening",
            {{"addr", settings_.address.toString() + ":" + std::to_string(port())},
             {"interface", settings_.interface.empty() ? "any" : settings_.interface},
             {"workers", settings_.workers}});
}

void DhcpServer::stop() noexcept {
  if (!receiver_.joinable()) return;
  stopping_ = true;
  socket_->stopReceiving();
  receiver_.join();
  queue_.close();  // the workers answer what was queued, then end
  for (auto& worker : workers_) worker.join();
  workers_.clear();
  socket_.reset();
}

std::uint16_t DhcpServer::port() const { return socket_ ? socket_->localPort() : settings_.port; }

void DhcpServer::receiveLoop() {
  ReceiveBatch batch(kReceiveBatch);
  if (!workers_.empty()) {
    while (!stopping_) {
      std::size_t count = batch.receive(socket_->fd());
      if (stopping_) break;  // woken by stopReceiving()
      for (std::size_t i = 0; i < count; ++i) enqueue(batch[i]);
    }
    return;
  }
  // workers: 0, answer on this thread: the replies to one batch leave in
  // one sendmmsg().
  std::vector<PacketScratch> scratches(kReceiveBatch);
  SendBatch replies(kReceiveBatch);
  std::array<PacketScratch*, kReceiveBatch> replying{};
  while (!stopping_) {
    std::size_t count = batch.receive(socket_->fd());
    if (stopping_) break;
    replies.clear();
    for (std::size_t i = 0; i < count; ++i) {
      Datagram datagram = batch[i];
      PacketScratch& scratch = scratches[i];
      if (!prepare(datagram, scratch)) continue;
      replying[replies.add(scratch.encoded, scratch.to.address, scratch.to.port,
                           datagram.interface_index, datagram.local_address)] = &scratch;
    }
    if (replies.size() == 0) continue;
    replies.send(socket_->fd());
    for (std::size_t k = 0; k < replies.size(); ++k) finish(*replying[k], replies.error(k));
  }
}

void DhcpServer::enqueue(const Datagram& datagram) {
  QueuedDatagram queued;
  queued.bytes.assign(datagram.bytes.begin(), datagram.bytes.end());
  queued.meta = datagram;
  queued.meta.bytes = queued.bytes;  // a moved vector keeps its buffer, so the span stays valid
  if (!queue_.push(std::move(queued))) drops_["queue_full"].inc();
}

void DhcpServer::workLoop() {
  PacketScratch scratch;
  while (auto queued = queue_.pop()) process(queued->meta, scratch);
}

void DhcpServer::process(const Datagram& datagram, PacketScratch& scratch) {
  if (!prepare(datagram, scratch)) return;
  finish(scratch, sendReply(socket_->fd(), scratch.encoded, scratch.to.address, scratch.to.port,
                            datagram.interface_index, datagram.local_address));
}

bool DhcpServer::prepare(const Datagram& datagram, PacketScratch& scratch) noexcept {
  try {
    return prepareUnguarded(datagram, scratch);
  } catch (const std::exception& e) {
    // A handler must never take the server down with it.
    scratch.span.end();
    drops_["handler_error"].inc();
    log_.error("DHCP handler failed", {{"error", e.what()}});
    return false;
  }
}

bool DhcpServer::prepareUnguarded(const Datagram& datagram, PacketScratch& scratch) {
  scratch.started = std::chrono::steady_clock::now();
  scratch.span.end();
  if (auto error = dhcp4::Packet::decodeInto(datagram.bytes, scratch.request)) {
    drops_[dhcp4::decodeErrorName(*error)].inc();
    if (log_.debugEnabled()) {
      log_.debug("dropped malformed DHCP datagram",
                 {{"from", datagram.source.toString()},
                  {"reason", std::string(dhcp4::decodeErrorName(*error))},
                  {"bytes", datagram.bytes.size()}});
    }
    return false;
  }
  const dhcp4::Packet& request = scratch.request;
  received_by_type_[typeIndex(request)]->inc();
  if (Counter* smee = smee_received_[typeIndex(request)]) smee->inc();
  DhcpRequestContext context{datagram.interface_index, "", datagram.local_address, datagram.source,
                             datagram.source_port};
  ScopedSpan& span = scratch.span;
  if (tracer_) {
    span = ScopedSpan(tracer_.get(), "DHCP Packet Received: " + std::string(typeName(request)),
                      SpanKind::Server);
    addPacketAttributes(span, "request", request);
    span.setString("DHCP.peer",
                   datagram.source.toString() + ":" + std::to_string(datagram.source_port));
    context.tracer = tracer_.get();
    context.trace = span.context();
  }
  if (log_.debugEnabled()) {
    log_.debug("received DHCP packet", {{"mac", request.mac().toString()},
                                        {"type", std::string(typeName(request))},
                                        {"xid", std::to_string(request.xid)},
                                        {"from", datagram.source.toString()}});
  }
  DhcpDecision& decision = scratch.decision;
  bool replying = handler_->handleInto(request, context, scratch.reply, decision);
  decisions_[decision.outcome].inc();
  if (span) span.setString("DHCP.outcome", decision.outcome);
  if (!replying) {
    if (span && !decision.detail.empty()) span.setString("DHCP.detail", decision.detail);
    span.end();
    if (log_.infoEnabled()) {
      log_.info("no DHCP reply", {{"mac", request.mac().toString()},
                                  {"type", std::string(typeName(request))},
                                  {"outcome", decision.outcome},
                                  {"detail", decision.detail}});
    }
    return false;
  }
  if (span) addPacketAttributes(span, "reply", scratch.reply);
  scratch.to = replyDestination(request, scratch.reply, context);
  scratch.reply.encodeInto(scratch.encoded);
  return true;
}

void DhcpServer::finish(PacketScratch& scratch, int err) noexcept {
  try {
    if (err != 0) {
      drops_["send_error"].inc();
      scratch.span.setError(std::string("send: ") + std::strerror(err));
      scratch.span.end();
      log_.error("cannot send DHCP reply", {{"mac", scratch.request.mac().toString()},
                                            {"to", scratch.to.address.toString()},
                                            {"error", std::strerror(err)}});
      return;
    }
    scratch.span.end();
    sent_by_type_[typeIndex(scratch.reply)]->inc();
    if (Counter* smee = smee_sent_[typeIndex(scratch.reply)]) smee->inc();
    latency_.observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - scratch.started).count());
    if (log_.infoEnabled()) logReply(scratch);
  } catch (const std::exception&) {
    // Only logging can throw here (out of memory); the reply is out.
  }
}

void DhcpServer::logReply(const PacketScratch& scratch) const {
  const dhcp4::Packet& reply = scratch.reply;
  const ReplyDestination& to = scratch.to;
  std::string file =
      reply.file.empty() ? reply.options.text(dhcp4::opt::kBootFileName) : reply.file;
  log_.info("sent DHCP response", {{"mac", scratch.request.mac().toString()},
                                   {"type", std::string(typeName(reply))},
                                   {"yiaddr", reply.yiaddr.toString()},
                                   {"siaddr", reply.siaddr.toString()},
                                   {"file", file},
                                   {"to", to.address.toString() + ":" + std::to_string(to.port)},
                                   {"xid", std::to_string(scratch.request.xid)}});
}

}  // namespace smee::dhcp
