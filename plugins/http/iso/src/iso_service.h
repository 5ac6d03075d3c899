#pragma once

#include <memory>
#include <string>

#include "iso_cache.h"
#include "patch_string.h"
#include "smee/log.h"
#include "smee/metrics.h"
#include "smee/services/backend.h"
#include "smee/services/iso_patcher.h"
#include "upstream_client.h"

namespace smee::iso {

struct IsoSettings {
  std::string url;           // the upstream ISO; a machine's isoboot.sourceISO wins
  std::string magic_string;  // what is overwritten in the image
  PatchSettings patch;
  UpstreamSettings upstream;
  std::size_t read_size = 256 * 1024;  // bytes per upstream read
  std::shared_ptr<IsoCache> cache;     // local copies of upstream images; null: off
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
