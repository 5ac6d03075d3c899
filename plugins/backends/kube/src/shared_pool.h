#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace smee::backend_kube {

// Values stored once per distinct key and counted by their users, so a fleet
// of 100,000 machines built from a few dozen shapes keeps a few dozen
// profiles (and namespaces). Unlike the file backend's append-only intern
// pool, a value goes away with its last user: watch events change machines
// one by one for as long as smeed runs, and what they leave behind must not
// pile up. Id 0 is "none"; ids of released values are reused.
template <class T>
class SharedPool {
 public:
  using Id = std::uint32_t;

  // The id of the value stored under `key`, made by `make()` if there is
  // none; counts one more user either way.
  template <class Make>
  Id acquire(std::string key, Make&& make) {
    const auto it = by_key_.find(key);
    if (it != by_key_.end()) {
      ++entries_[it->second].users;
      return it->second;
    }
    Id id;
    if (!free_.empty()) {
      id = free_.back();
      free_.pop_back();
    } else {
      id = static_cast<Id>(entries_.size());
      entries_.emplace_back();
    }
    by_key_.emplace(key, id);
    entries_[id] = Entry{make(), 1, std::move(key)};
    return id;
  }

  void retain(Id id) { ++entries_[id].users; }

  void release(Id id) {
    if (id == 0) return;
    Entry& entry = entries_[id];
    if (--entry.users > 0) return;
    by_key_.erase(entry.key);
    entry = Entry{};
    free_.push_back(id);
  }

  const T& get(Id id) const { return entries_[id].value; }
  // Distinct values in use.
  std::size_t size() const { return by_key_.size(); }

 private:
  using Keys = std::unordered_map<std::string, Id>;
  struct Entry {
    T value{};
    std::uint32_t users = 0;
    std::string key;  // a copy: map iterators do not survive a rehash
  };
  Keys by_key_;
  std::vector<Entry> entries_{1};  // [0] is "none"
  std::vector<Id> free_;
};

}  // namespace smee::backend_kube
