#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smee/export.h"

namespace smee {

// Edit distance (Levenshtein), for "did you mean": names are short, so the
// quadratic table is tiny.
SMEE_API std::size_t editDistance(std::string_view a, std::string_view b);

// The candidate nearest to `wanted` (case-insensitive), when it is closer
// than `max_distance` edits: the suggestion of an "unknown ..." message.
SMEE_API std::optional<std::string> closestName(std::string_view wanted,
                                                const std::vector<std::string>& candidates,
                                                std::size_t max_distance = 3);

}  // namespace smee
