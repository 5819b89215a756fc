// A counting allocator interposed over glibc's (see counting_allocator.cc):
// counts allocations and frees made while counting is on.
#ifndef RTMPHS_TESTS_ALLOC_COUNTING_ALLOCATOR_H_
#define RTMPHS_TESTS_ALLOC_COUNTING_ALLOCATOR_H_

#include <cstddef>

namespace alloc_test {

struct AllocCounts {
  size_t allocations = 0;  // malloc, calloc, realloc, memalign, new, ...
  size_t frees = 0;        // free and delete of a non-NULL pointer
  void *last_allocation = nullptr;
  size_t last_allocation_size = 0;  // bytes requested for last_allocation
  void *last_free = nullptr;
};

// Starts counting from zero.
void StartCounting();
// Makes the next allocation fail (return NULL), as when memory runs out;
// the attempt is still counted.
void FailNextAllocation();
// Stops counting and returns what was counted since StartCounting().
AllocCounts StopCounting();
// The counts so far, counting on.
AllocCounts PeekCounts();

// When block p is next freed, checks (just before glibc reclaims it) whether
// its first size bytes are all zero: how a test sees that a handle was wiped.
void WatchFree(const void *p, size_t size);
// 1: the watched block was all zero when freed; 0: it was not; -1: not freed.
int WatchedFreeResult();

}  // namespace alloc_test

#endif  // RTMPHS_TESTS_ALLOC_COUNTING_ALLOCATOR_H_
