#include "script_patch.h"

#include <algorithm>
#include <functional>

namespace smee::ipxe_binaries {

std::string_view scriptPatchMarker() {
  static constexpr std::string_view kMarker =
      "#a8b7e61f1075c37a793f2f92cee89f7bba00c4a8d7842ce3d40b5889032d8881\n"
      "#ddd16a4fc4926ecefdfb6941e33c44ed3647133638f5e84021ea44d3152e7f97";
  static_assert(kMarker.size() == 131);
  return kMarker;
}

std::size_t findMarker(std::span<const std::uint8_t> bytes) {
  auto text = scriptPatchMarker();
  const std::vector<std::uint8_t> marker(text.begin(), text.end());
  auto it = std::search(bytes.begin(), bytes.end(),
                        std::boyer_moore_horspool_searcher(marker.begin(), marker.end()));
  return it == bytes.end() ? std::string_view::npos : static_cast<std::size_t>(it - bytes.begin());
}

std::vector<std::uint8_t> applyScriptPatch(std::span<const std::uint8_t> bytes, std::size_t at,
                                           std::string_view patch) {
  std::vector<std::uint8_t> out(bytes.begin(), bytes.end());
  auto marker_size = scriptPatchMarker().size();
  std::fill_n(out.begin() + static_cast<std::ptrdiff_t>(at), marker_size, ' ');
  std::copy_n(patch.begin(), std::min(patch.size(), marker_size),
              out.begin() + static_cast<std::ptrdiff_t>(at));
  return out;
}

}  // namespace smee::ipxe_binaries
