#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "smee/services/ipxe_binaries.h"

namespace smee {
class IsoResponse;
}

namespace smee::http {

// How a streamed answer ended, for the connection that carried it.
struct StreamEnd {
  bool reusable = true;  // false: close the connection (a short or broken body)
};

// A route that writes its own answer over minutes (/iso/): run on a stream
// thread with a blocking view of the connection, never on the event loop.
using StreamJob = std::function<StreamEnd(IsoResponse& response)>;

// One answer, built by the router and written by the connection. The body
// is either owned text or a slice of a cached binary image, which is sent
// straight from the image without a copy (200 clients downloading the same
// 1 MiB binary share one buffer).
struct Reply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>>
      headers;  // besides Content-Length, Date, Connection
  std::string body;
  std::shared_ptr<const BinaryImage>
      image;  // when set, the body is image->bytes[first, first+count)
  std::uint64_t image_first = 0;
  std::uint64_t image_count = 0;
  bool close = false;  // end the connection after this answer
  StreamJob stream;    // set: the route answers itself, see StreamJob

  std::uint64_t bodySize() const { return image ? image_count : body.size(); }
  std::string_view bodyView() const;
};

std::string_view reasonPhrase(int status);

// The status line and header block. `keep_alive` false adds
// "Connection: close"; `http10_keep_alive` answers an HTTP/1.0 client that
// asked to keep the connection. `content_length` is kChunked or
// kUntilClose when the length is not known.
constexpr std::int64_t kChunked = -1;
constexpr std::int64_t kUntilClose = -2;  // HTTP/1.0: the body ends with the connection
std::string serializeHead(int status,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          std::int64_t content_length, bool keep_alive, bool http10_keep_alive,
                          std::string_view date);

// The current time as an IMF-fixdate, recomputed at most once a second per thread.
std::string_view httpDateNow();

}  // namespace smee::http
