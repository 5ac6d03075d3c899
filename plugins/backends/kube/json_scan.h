#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smee::plugins::backend_kube {

// Just enough JSON structure to cut an API response into its parts without
// building a tree of it: a 500-item list page is split into one text per
// item, and only the items go through the Hardware conversion. Every
// function validates the structure it walks and reports where it broke.

// The members of a JSON object: key (unescaped) and the raw text of its value.
using JsonMembers = std::vector<std::pair<std::string, std::string_view>>;

// Nullopt with `error` set when `json` is not one well-formed object.
std::optional<JsonMembers> objectMembers(std::string_view json, std::string& error);
// The raw elements of a JSON array.
std::optional<std::vector<std::string_view>> arrayElements(std::string_view json,
                                                           std::string& error);

// The raw value of `key`, or nullopt.
std::optional<std::string_view> member(const JsonMembers& members, std::string_view key);
// A JSON string's value (escapes decoded, \u as UTF-8); nullopt when `raw`
// is not a string.
std::optional<std::string> stringValue(std::string_view raw);
std::optional<std::int64_t> integerValue(std::string_view raw);

}  // namespace smee::plugins::backend_kube
