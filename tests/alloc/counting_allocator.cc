// Interposes the C allocator and operator new/delete. An executable's
// definitions of malloc & co. take precedence over libc's for every shared
// object in the process (ELF symbol interposition), so calls from
// librtmp-handshake.so and libmbedcrypto.so land here too, as do the static
// library's. Everything forwards to glibc's __libc_* entry points; nothing
// here allocates or prints.
#include "counting_allocator.h"

#include <cerrno>
#include <cstdlib>
#include <new>

// glibc's own entry points: reserved names, but exactly what interposition
// needs (dlsym would allocate).
// NOLINTBEGIN(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp,readability-identifier-naming)
extern "C" {
void *__libc_malloc(size_t size);
void *__libc_calloc(size_t nmemb, size_t size);
void *__libc_realloc(void *ptr, size_t size);
void *__libc_memalign(size_t alignment, size_t size);
void __libc_free(void *ptr);
}
// NOLINTEND(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp,readability-identifier-naming)

namespace alloc_test {
namespace {

bool g_counting = false;  // the test is single-threaded
bool g_fail_next = false;
AllocCounts g_counts;
const void *g_watched = nullptr;
size_t g_watched_size = 0;
int g_watched_result = -1;

void *Allocated(void *p, size_t size) {
  if (g_counting && p != nullptr) {
    ++g_counts.allocations;
    g_counts.last_allocation = p;
    g_counts.last_allocation_size = size;
  }
  return p;
}

// Whether this allocation is the one to fail (then counted as an attempt).
bool FailThisOne() {
  if (!g_fail_next) {
    return false;
  }
  g_fail_next = false;
  ++g_counts.allocations;
  g_counts.last_allocation = nullptr;
  return true;
}

void Freed(void *p) {
  if (p != nullptr && p == g_watched) {
    const auto *bytes = static_cast<const unsigned char *>(p);
    g_watched_result = 1;
    for (size_t i = 0; i < g_watched_size; ++i) {
      if (bytes[i] != 0) {
        g_watched_result = 0;
        break;
      }
    }
    g_watched = nullptr;
  }
  if (g_counting && p != nullptr) {
    ++g_counts.frees;
    g_counts.last_free = p;
  }
}

}  // namespace

void StartCounting() {
  g_counts = AllocCounts();
  g_counting = true;
}

void FailNextAllocation() { g_fail_next = true; }

AllocCounts PeekCounts() { return g_counts; }

void WatchFree(const void *p, size_t size) {
  g_watched = p;
  g_watched_size = size;
  g_watched_result = -1;
}

int WatchedFreeResult() { return g_watched_result; }

AllocCounts StopCounting() {
  g_counting = false;
  return g_counts;
}

}  // namespace alloc_test

using alloc_test::Allocated;
using alloc_test::FailThisOne;
using alloc_test::Freed;

extern "C" {

void *malloc(size_t size) noexcept {
  return FailThisOne() ? nullptr : Allocated(__libc_malloc(size), size);
}

void *calloc(size_t nmemb, size_t size) noexcept {
  return FailThisOne() ? nullptr
                       : Allocated(__libc_calloc(nmemb, size), nmemb * size);
}

void *realloc(void *ptr, size_t size) noexcept {
  // Any realloc counts: growing in place is still an allocation request.
  if (ptr != nullptr && size == 0) {
    Freed(ptr);
    return __libc_realloc(ptr, size);
  }
  return Allocated(__libc_realloc(ptr, size), size);
}

void free(void *ptr) noexcept {
  Freed(ptr);
  __libc_free(ptr);
}

void *memalign(size_t alignment,  // NOLINT(readability-identifier-naming)
               size_t size) noexcept {
  return Allocated(__libc_memalign(alignment, size), size);
}

void *aligned_alloc(size_t alignment, size_t size) noexcept {
  return Allocated(__libc_memalign(alignment, size), size);
}

int posix_memalign(void **memptr, size_t alignment, size_t size) noexcept {
  void *p = Allocated(__libc_memalign(alignment, size), size);
  if (p == nullptr) {
    return ENOMEM;
  }
  *memptr = p;
  return 0;
}

}  // extern "C"

// operator new/delete: through the counted malloc/free above.
void *operator new(size_t size) {
  void *p = malloc(size == 0 ? 1 : size);
  if (p == nullptr) {
    std::abort();  // no exceptions wanted here; the test never runs dry
  }
  return p;
}
void *operator new[](size_t size) { return operator new(size); }
void *operator new(size_t size, const std::nothrow_t & /*tag*/) noexcept {
  return malloc(size == 0 ? 1 : size);
}
void *operator new[](size_t size, const std::nothrow_t & /*tag*/) noexcept {
  return malloc(size == 0 ? 1 : size);
}
void operator delete(void *ptr) noexcept { free(ptr); }
void operator delete[](void *ptr) noexcept { free(ptr); }
void operator delete(void *ptr, size_t /*size*/) noexcept { free(ptr); }
void operator delete[](void *ptr, size_t /*size*/) noexcept { free(ptr); }
