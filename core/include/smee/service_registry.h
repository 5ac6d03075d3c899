#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "smee/export.h"

namespace smee {

// Services keyed by (interface id, instance name). Written only during the
// single-threaded configure phase; freeze() ends that phase, after which
// reads need no lock and writes are refused.
class SMEE_API ServiceRegistry {
 public:
  struct Entry {
    std::shared_ptr<void> impl;
    std::string provider;  // plugin name
  };

  // Throws smee::Error when frozen or when the key is already taken.
  void provide(std::string_view interface_id, const std::string& instance,
               std::shared_ptr<void> impl, const std::string& provider);
  const Entry* find(std::string_view interface_id, std::string_view instance) const;
  std::vector<std::string> instances(std::string_view interface_id) const;
  void freeze() { frozen_ = true; }
  bool frozen() const { return frozen_; }
  // Drops every entry (at shutdown, before plugin libraries are released).
  void clear();

 private:
  using Key = std::pair<std::string, std::string>;
  std::map<Key, Entry> entries_;
  bool frozen_ = false;
};

}  // namespace smee
