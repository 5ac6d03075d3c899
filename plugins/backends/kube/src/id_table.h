#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace smee::backend_kube {

// A hash index of 32-bit ids whose keys live elsewhere (in the store's
// record and object arrays): 4 bytes a slot, at most half full, where a
// std::unordered_map would allocate a node of 32 bytes and more per entry.
// Several ids may share a key (two objects claiming one MAC): forEach()
// visits every id stored under a hash and the caller compares keys.
//
// `HashOf` maps a stored id back to its key's hash; the table needs it to
// grow and to close the gap an erase leaves (linear probing with backward
// shift, so there are no tombstones to pile up under watch churn).
template <class HashOf>
class IdTable {
 public:
  explicit IdTable(HashOf hash_of) : hash_of_(std::move(hash_of)) {}

  void insert(std::size_t hash, std::uint32_t id) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    std::size_t slot = hash & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = id + 1;
    ++size_;
  }

  // Calls fn(id) for each id stored under `hash` (and some that only share
  // its probe run); stops early when fn returns false.
  template <class Fn>
  void forEach(std::size_t hash, Fn&& fn) const {
    if (slots_.empty()) return;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = hash & mask; slots_[slot] != 0; slot = (slot + 1) & mask) {
      if (!fn(slots_[slot] - 1)) return;
    }
  }

  // False when `id` is not stored under `hash`.
  bool erase(std::size_t hash, std::uint32_t id) {
    if (slots_.empty()) return false;
    const std::size_t mask = slots_.size() - 1;
    std::size_t hole = hash & mask;
    while (slots_[hole] != id + 1) {
      if (slots_[hole] == 0) return false;
      hole = (hole + 1) & mask;
    }
    // Move back every later entry of the run that may not sit beyond the hole.
    for (std::size_t next = (hole + 1) & mask; slots_[next] != 0; next = (next + 1) & mask) {
      const std::size_t home = hash_of_(slots_[next] - 1) & mask;
      const bool stays =
          hole <= next ? (hole < home && home <= next) : (hole < home || home <= next);
      if (stays) continue;
      slots_[hole] = slots_[next];
      hole = next;
    }
    slots_[hole] = 0;
    --size_;
    return true;
  }

  std::size_t size() const { return size_; }
  std::size_t bytes() const { return slots_.capacity() * sizeof(std::uint32_t); }

 private:
  void grow() {
    std::vector<std::uint32_t> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(16, old.size() * 2), 0);
    const std::size_t mask = slots_.size() - 1;
    for (const std::uint32_t stored : old) {
      if (stored == 0) continue;
      std::size_t slot = hash_of_(stored - 1) & mask;
      while (slots_[slot] != 0) slot = (slot + 1) & mask;
      slots_[slot] = stored;
    }
  }

  HashOf hash_of_;
  std::vector<std::uint32_t> slots_;  // id + 1; 0 is free
  std::size_t size_ = 0;
};

}  // namespace smee::backend_kube
