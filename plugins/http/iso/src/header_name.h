#pragma once

#include <algorithm>
#include <cctype>
#include <string_view>

namespace smee::iso {

// HTTP header names compare without regard to case (RFC 9110 5.1).
inline bool sameHeaderName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace smee::iso
