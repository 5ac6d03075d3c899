#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "smee/export.h"

namespace smee {

struct IsoHeader {
  std::string name;
  std::string value;
};

// One request under /iso/, as the HTTP server received it. Plain strings so
// that no HTTP library's types cross the plugin boundary.
struct IsoRequest {
  std::string method;              // GET or HEAD
  std::vector<std::string> path;   // path elements after "iso", percent-decoded
  std::string query;               // the query string without '?', forwarded upstream
  std::vector<IsoHeader> headers;  // the client's request headers, in order
  std::string client;              // client address, for logs
};

// Where the patcher writes its answer; implemented by the HTTP server.
class SMEE_API IsoResponse {
 public:
  virtual ~IsoResponse();
  // Status line and headers, exactly once, before any body byte.
  // `content_length` < 0 means unknown (the server then chunks the body).
  virtual void begin(int status, const std::vector<IsoHeader>& headers,
                     std::int64_t content_length) = 0;
  // Body bytes; false once the client has gone (the patcher then stops).
  virtual bool write(const char* data, std::size_t size) = 0;
  // Body bytes straight from an open file (a cached image): `count` bytes
  // of `fd` from `offset`. The default reads and calls write(); a server
  // may override it with sendfile(2).
  virtual bool writeFile(int fd, std::uint64_t offset, std::uint64_t count);
};

enum class IsoEnd {
  Complete,        // every byte promised by begin() was written
  ClientGone,      // the client closed the connection
  UpstreamFailed,  // the upstream body broke off after begin(): the server
                   // must close the connection so the client sees a short body
};

struct IsoOutcome {
  int status = 0;           // what begin() was called with
  std::uint64_t bytes = 0;  // body bytes written
  IsoEnd end = IsoEnd::Complete;
};

// Serves a per-machine HookOS ISO: the upstream image with the magic string
// in its kernel command line replaced by that machine's arguments.
// Registered as "smee.iso.patcher/v1:<kind>" ("magic-string"). Called
// concurrently by the HTTP plugin; always calls begin() unless the client
// went away first.
class SMEE_API IsoPatcher {
 public:
  static constexpr std::string_view kInterfaceId = "smee.iso.patcher/v1";
  virtual ~IsoPatcher();
  virtual IsoOutcome serve(const IsoRequest& request, IsoResponse& response) const = 0;
};

}  // namespace smee
