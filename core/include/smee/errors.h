#pragma once

#include <stdexcept>
#include <string>

#include "smee/export.h"

namespace smee {

// Base of every exception smeed throws at configuration and start-up time.
// Defined with an out-of-line destructor in libsmee_core.so so its typeinfo
// exists once in the process and catch clauses work across plugins.
class SMEE_API Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  ~Error() override;
};

// A configuration value is wrong. `key` names the offending key of the
// plugin's block (empty for the block as a whole); the core adds where the
// value came from (file:line:column, flag or environment variable).
class SMEE_API ConfigError : public Error {
 public:
  ConfigError(std::string key, const std::string& message);
  ~ConfigError() override;
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

// A value given on the command line or in a SMEE_* variable is malformed:
// a usage error (smeed exits 2, as Go's flag package does), not a failure
// of the configuration file.
class SMEE_API OverrideError : public Error {
 public:
  using Error::Error;
  ~OverrideError() override;
};

}  // namespace smee
