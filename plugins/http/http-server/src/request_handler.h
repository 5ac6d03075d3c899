#pragma once

#include "http_reply.h"
#include "http_request.h"
#include "smee/net/ipv4.h"

namespace smee::http {

// What the event loop asks for each request head. Called on a loop
// thread: it must not block (backend lookups answer from memory, see
// BackendReader); work that blocks comes back as a Reply::stream.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual Reply handle(const HttpRequest& request, Ipv4Address peer) = 0;
};

}  // namespace smee::http
