#include "http_server.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <thread>

#include "smee/errors.h"

namespace smee::http {
namespace {

class RouteHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit RouteHandler(std::shared_ptr<RequestRouter> router) : router_(std::move(router)) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    router_->handle(request, response);
  }

 private:
  std::shared_ptr<RequestRouter> router_;
};

class RouteFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit RouteFactory(std::shared_ptr<RequestRouter> router) : router_(std::move(router)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new RouteHandler(router_);
  }

 private:
  std::shared_ptr<RequestRouter> router_;
};

}  // namespace

HttpServer::HttpServer(ServerSettings settings, std::shared_ptr<RequestRouter> router)
    : settings_(settings), router_(std::move(router)) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  try {
    Poco::Net::ServerSocket socket(
        Poco::Net::SocketAddress(settings_.address.toString(), settings_.port), 64);
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(settings_.max_threads);
    params->setMaxQueued(settings_.max_queued);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(settings_.keep_alive.count(), 0));
    params->setTimeout(Poco::Timespan(20, 0));  // Smee's ReadHeaderTimeout
    pool_ = std::make_unique<Poco::ThreadPool>(2, settings_.max_threads + 1);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new RouteFactory(router_), *pool_, socket, params);
    server_->start();
  } catch (const Poco::Exception& e) {
    throw Error("cannot listen on " + settings_.address.toString() + ":" + std::to_string(settings_.port) +
                ": " + e.displayText());
  }
}

void HttpServer::stop() noexcept {
  if (!server_) return;
  // stopAll(true) closes the connections; then wait for handlers still
  // running so none touches a plugin that is about to be destroyed.
  server_->stopAll(true);
  for (int i = 0; i < 500 && server_->currentThreads() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pool_->joinAll();
  server_.reset();
  pool_.reset();
}

std::uint16_t HttpServer::port() const { return server_ ? server_->port() : settings_.port; }

}  // namespace smee::http
