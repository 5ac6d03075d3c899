#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace smee::plugins::backend_file {

// Each distinct sequence of T stored once, back to back in one buffer, and
// named by a 32-bit id; id 0 is the empty sequence. A fleet's hardware file
// repeats the same netmask, gateway, URLs and facility on every machine, so
// a record keeps ids instead of copies. The lookup table that finds a
// sequence already stored only lives while the pool is built (freeze()).
template <class T>
class InternPool {
 public:
  using Id = std::uint32_t;

  Id intern(std::span<const T> items) {
    if (items.empty()) return 0;
    const std::uint64_t hash = hashOf(items);
    if (const auto it = by_hash_.find(hash); it != by_hash_.end()) {
      if (equal(view(it->second), items)) return it->second;
      // Two sequences with one hash: rare enough for an ordered map.
      std::vector<T> key(items.begin(), items.end());
      if (const auto c = collisions_.find(key); c != collisions_.end()) return c->second;
      const Id id = append(items);
      collisions_.emplace(std::move(key), id);
      return id;
    }
    const Id id = append(items);
    by_hash_.emplace(hash, id);
    return id;
  }

  std::span<const T> view(Id id) const {
    if (id == 0 || id >= ends_.size()) return {};
    const std::uint32_t begin = ends_[id - 1];
    return {data_.data() + begin, ends_[id] - begin};
  }

  // Done adding: drop the lookup tables and spare capacity.
  void freeze() {
    by_hash_ = {};
    collisions_ = {};
    data_.shrink_to_fit();
    ends_.shrink_to_fit();
  }

  std::size_t size() const { return ends_.size(); }
  std::size_t bytes() const { return data_.capacity() * sizeof(T) + ends_.capacity() * 4; }

 private:
  static std::uint64_t hashOf(std::span<const T> items) {
    const std::string_view bytes(reinterpret_cast<const char*>(items.data()),
                                 items.size() * sizeof(T));
    return std::hash<std::string_view>{}(bytes);
  }
  static bool equal(std::span<const T> a, std::span<const T> b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
  }
  Id append(std::span<const T> items) {
    if (data_.size() + items.size() > UINT32_MAX || ends_.size() >= UINT32_MAX) {
      throw std::length_error("hardware data too large to index");
    }
    data_.insert(data_.end(), items.begin(), items.end());
    ends_.push_back(static_cast<std::uint32_t>(data_.size()));
    return static_cast<Id>(ends_.size() - 1);
  }

  std::vector<T> data_;
  std::vector<std::uint32_t> ends_{0};  // sequence i spans [ends_[i-1], ends_[i])
  std::unordered_map<std::uint64_t, Id> by_hash_;
  std::map<std::vector<T>, Id> collisions_;
};

// Interned text.
class StringPool {
 public:
  using Id = InternPool<char>::Id;
  Id intern(std::string_view text) { return pool_.intern(std::span<const char>(text)); }
  std::string_view view(Id id) const {
    const auto chars = pool_.view(id);
    return {chars.data(), chars.size()};
  }
  void freeze() { pool_.freeze(); }
  std::size_t bytes() const { return pool_.bytes(); }

 private:
  InternPool<char> pool_;
};

}  // namespace smee::plugins::backend_file
