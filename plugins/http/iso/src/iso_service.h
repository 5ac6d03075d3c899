#pragma once

#include <memory>
#include <optional>
#include <string>

#include "iso_cache.h"
#include "patch_string.h"
#include "range_request.h"
#include "smee/log.h"
#include "smee/metrics.h"
#include "smee/services/backend.h"
#include "smee/services/iso_patcher.h"
#include "stream_patcher.h"
#include "upstream_client.h"

namespace smee::iso {

struct IsoSettings {
  std::string url;           // the upstream ISO; a machine's isoboot.sourceISO wins
  std::string magic_string;  // what is overwritten in the image
  PatchSettings patch;
  UpstreamSettings upstream;
  std::size_t read_size = std::size_t{256} * 1024;  // bytes per upstream read
  std::shared_ptr<IsoCache> cache;                  // local copies of upstream images; null: off
};

// The "magic-string" patcher: per-machine kernel arguments written over
// the magic string while the upstream image streams through (Smee's
// internal/iso, with its chunk and Range bugs fixed).
class MagicStringPatcher final : public IsoPatcher {
 public:
  MagicStringPatcher(IsoSettings settings, std::shared_ptr<const BackendReader> backend, Logger log,
                     Metrics& metrics);
  IsoOutcome serve(const IsoRequest& request, IsoResponse& response) const override;

 private:
  IsoOutcome fail(IsoResponse& response, int status, const std::string& body,
                  const std::string& reason, std::vector<IsoHeader> headers = {}) const;
  IsoOutcome stream(const IsoRequest& request, IsoResponse& response, const MacAddress& mac,
                    const std::string& source, std::string replacement) const;

  // The client's answer, worked out from upstream's head: its status and
  // headers, and which of upstream's bytes become the body.
  struct StreamPlan {
    int status = 200;
    std::vector<IsoHeader> headers;
    std::uint64_t upstream_first = 0;  // image offset of upstream's first body byte
    std::uint64_t emit_first = 0, emit_end = StreamPatcher::kToEnd;  // the client's bytes
    std::int64_t length = -1;                                        // Content-Length; -1: unknown
  };
  // The steps of stream(). The two that may refuse return the refusal
  // (already written to `response`), or nullopt to go on.
  std::optional<IsoOutcome> openUpstream(const IsoRequest& request, IsoResponse& response,
                                         const MacAddress& mac, const std::string& source,
                                         const std::vector<IsoHeader>& headers,
                                         UpstreamResponse& up) const;
  std::optional<IsoOutcome> planAnswer(const UpstreamResponse& up, const ClientRange& range,
                                       http::RangeHeader range_parse, IsoResponse& response,
                                       const MacAddress& mac, StreamPlan& plan) const;
  IsoEnd patchBody(UpstreamResponse& up, StreamPatcher& patcher, IsoResponse& response,
                   const MacAddress& mac) const;
  // A body shorter or longer than announced ends the connection; bytes and
  // replaced occurrences are counted, a whole image logged at info.
  void checkAndCount(const StreamPlan& plan, const StreamPatcher& patcher, const MacAddress& mac,
                     const std::string& url, IsoOutcome& outcome) const;

  IsoOutcome serveCached(const IsoRequest& request, IsoResponse& response, const MacAddress& mac,
                         const CachedImage& image, const std::string& replacement) const;
  bool sendCachedBody(IsoResponse& response, const CachedImage& image, std::uint64_t first,
                      std::uint64_t end, const std::string& replacement) const;

  IsoSettings settings_;
  std::shared_ptr<const BackendReader> backend_;
  Logger log_;
  Metrics& metrics_;
  mutable SessionPool pool_;  // idle upstream connections (thread-safe)
  Counter& bytes_;            // resolved once: BMCs send thousands of requests
  Counter& patched_;
};

}  // namespace smee::iso
