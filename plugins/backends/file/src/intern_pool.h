#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace smee::backend_file {

// Each distinct sequence of T stored once, back to back in one buffer, and
// named by a 32-bit id; id 0 is the empty sequence. A fleet's hardware file
// repeats the same netmask, gateway, URLs and facility on every machine, so
// a record keeps ids instead of copies. The table that finds a sequence
// already stored only lives while the pool is built (freeze()).
template <class T>
class InternPool {
 public:
  using Id = std::uint32_t;

  Id intern(std::span<const T> items) {
    if (items.empty()) return 0;
    if (ends_.size() * 2 >= slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = hashOf(items) & mask;; slot = (slot + 1) & mask) {
      if (slots_[slot] == 0) {
        slots_[slot] = append(items);
        return slots_[slot];
      }
      if (equal(view(slots_[slot]), items)) return slots_[slot];
    }
  }

  std::span<const T> view(Id id) const {
    if (id == 0 || id >= ends_.size()) return {};
    const std::uint32_t begin = ends_[id - 1];
    return {data_.data() + begin, ends_[id] - begin};
  }

  // Done adding: drop the lookup table and spare capacity.
  void freeze() {
    std::vector<Id>().swap(slots_);
    data_.shrink_to_fit();
    ends_.shrink_to_fit();
  }

  std::size_t size() const { return ends_.size(); }
  std::size_t bytes() const {
    return data_.capacity() * sizeof(T) + (ends_.capacity() + slots_.capacity()) * sizeof(Id);
  }

 private:
  static std::uint64_t hashOf(std::span<const T> items) {
    const std::string_view bytes(reinterpret_cast<const char*>(items.data()),
                                 items.size() * sizeof(T));
    return std::hash<std::string_view>{}(bytes);
  }
  static bool equal(std::span<const T> a, std::span<const T> b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
  }
  // Open addressing over ids (0: free), at most half full: no node per
  // entry, which a hash map would allocate for every hostname of a fleet.
  void grow() {
    std::vector<Id> slots(std::max<std::size_t>(64, slots_.size() * 2), 0);
    const std::size_t mask = slots.size() - 1;
    for (Id id = 1; id < ends_.size(); ++id) {
      std::size_t slot = hashOf(view(id)) & mask;
      while (slots[slot] != 0) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    slots_ = std::move(slots);
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
  std::vector<Id> slots_;               // the lookup table while building
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

}  // namespace smee::backend_file
