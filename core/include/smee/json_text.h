#pragma once

#include <string>
#include <string_view>

#include "smee/export.h"

namespace smee {

// Escapes `text` for use inside a JSON string literal (quotes, backslash,
// control characters as \u00XX; bytes >= 0x80 pass through, so UTF-8 stays
// UTF-8).
SMEE_API std::string jsonEscape(std::string_view text);

}  // namespace smee
