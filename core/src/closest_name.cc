#include "smee/closest_name.h"

#include <algorithm>
#include <cctype>

namespace smee {
namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closestName(std::string_view wanted,
                                       const std::vector<std::string>& candidates,
                                       std::size_t max_distance) {
  const std::string key = lower(wanted);
  const std::string* best = nullptr;
  std::size_t best_distance = max_distance;
  for (const std::string& candidate : candidates) {
    // The distance is at least the difference in length, so a candidate
    // that far off cannot win and its table is not worth filling: a long
    // unknown key (a hostile file or API answer) would otherwise cost its
    // length times every candidate's.
    const std::size_t shorter = std::min(key.size(), candidate.size());
    if (std::max(key.size(), candidate.size()) - shorter >= best_distance) continue;
    std::size_t d = editDistance(key, lower(candidate));
    if (d < best_distance) {
      best_distance = d;
      best = &candidate;
    }
  }
  if (!best) return std::nullopt;
  return *best;
}

}  // namespace smee
