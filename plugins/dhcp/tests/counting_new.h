#pragma once

#include <cstdint>

namespace smee::dhcp {

// Heap allocations made by the calling thread so far, counted by the
// replacement operator new of counting_new.cc (linked into the allocation
// test only).
std::uint64_t allocationsOnThisThread();

}  // namespace smee::dhcp
