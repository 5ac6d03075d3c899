#include "smee/errors.h"

namespace smee {

Error::~Error() = default;

ConfigError::ConfigError(std::string key, const std::string& message)
    : Error(message), key_(std::move(key)) {}

ConfigError::~ConfigError() = default;

OverrideError::~OverrideError() = default;

}  // namespace smee
