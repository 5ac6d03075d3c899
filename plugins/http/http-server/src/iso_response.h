#pragma once

#include <cstdint>
#include <vector>

#include "smee/services/iso_patcher.h"
#include "socket_writer.h"

namespace smee::http {

// The iso plugin's view of a connection, on a stream thread: the head the
// patcher asks for, then its body as it comes (chunked when the length is
// unknown, nothing after the head for HEAD).
class SocketIsoResponse final : public IsoResponse {
 public:
  SocketIsoResponse(SocketWriter& writer, bool head_request, bool keep_alive,
                    bool http10_keep_alive)
      : writer_(writer),
        head_request_(head_request),
        keep_alive_(keep_alive),
        http10_keep_alive_(http10_keep_alive) {}

  void begin(int status, const std::vector<IsoHeader>& headers,
             std::int64_t content_length) override;
  bool write(const char* data, std::size_t size) override;
  bool writeFile(int fd, std::uint64_t offset, std::uint64_t count) override;
  // The chunked body's last chunk; false when the client has gone.
  bool finish();

  bool begun() const { return begun_; }
  // Whether the connection may carry another request after this answer.
  bool reusable() const { return keep_alive_ && !writer_.failed(); }

 private:
  SocketWriter& writer_;
  const bool head_request_;
  bool keep_alive_;
  const bool http10_keep_alive_;
  bool begun_ = false;
  bool chunked_ = false;
};

}  // namespace smee::http
