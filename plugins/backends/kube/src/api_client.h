#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>

#include <chrono>
#include <istream>
#include <memory>
#include <mutex>
#include <string>

#include "kubeconfig.h"

namespace smee::backend_kube {

// A failed request: no connection, TLS refused, bad token file. HTTP error
// statuses are not exceptions; they come back in the Response.
class ApiError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// GET requests to one API server over HTTPS (or plain HTTP, for kubectl
// proxy), authenticated as the kubeconfig says. One request at a time; abort()
// may be called from another thread to end a blocked read (stop()).
class ApiClient {
 public:
  // Builds the TLS context from the PEM data; throws KubeconfigError when
  // a certificate or key does not parse. Unless the kubeconfig says
  // insecure-skip-tls-verify, the server's certificate must chain to the CA
  // and name the URL's host, whatever the address (tls_server_name.h).
  explicit ApiClient(ApiAccess access);
  ~ApiClient();

  // An open response: the status, and the body as a stream (chunked
  // transfer decoded). Valid until the next get() or abort().
  struct Response {
    int status = 0;
    std::string reason;
    std::istream* body = nullptr;
    // The whole body, read to the end (for lists and error statuses).
    std::string readAll();
  };

  // `path` starts with '/' and includes the query. `read_timeout` bounds
  // every blocking read (a watch sets it above its timeoutSeconds).
  Response get(const std::string& path, std::chrono::milliseconds read_timeout);

  // Ends the request in flight, from any thread; later get() calls throw.
  void abort();
  // Allows requests again after abort() (for tests that restart).
  void reset();

  const std::string& server() const { return access_.server; }
  const ApiAccess& access() const { return access_; }

 private:
  std::unique_ptr<Poco::Net::HTTPClientSession> makeSession() const;
  // `error` with the reason a certificate was refused, when it was.
  std::string describeFailure(const std::string& error) const;

  const ApiAccess access_;
  std::string host_;
  unsigned short port_ = 0;
  bool https_ = true;
  Poco::Net::Context::Ptr context_;

  std::mutex mutex_;  // guards session_ and aborted_ against abort()
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
  bool aborted_ = false;
};

}  // namespace smee::backend_kube
