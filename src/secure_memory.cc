#include "secure_memory.h"

#include <cstring>

namespace rtmphs {

bool ConstantTimeEqual(const uint8_t *a, const uint8_t *b, size_t n) {
  // Accumulate differences so the loop never exits early; volatile keeps the
  // compiler from turning it back into memcmp.
  volatile uint8_t diff = 0;
  for (size_t i = 0; i < n; ++i) {
    diff = static_cast<uint8_t>(diff | (a[i] ^ b[i]));
  }
  return diff == 0;
}

void SecureWipe(void *p, size_t n) {
  // memset at full speed (a handle is 6 KiB: a byte-wise volatile loop cost
  // more than a tenth of a handshake), then a compiler barrier that takes p
  // and clobbers memory: the compiler must assume the zeros are read, so it
  // cannot drop the memset as a dead store (what explicit_bzero does).
  std::memset(p, 0, n);
  __asm__ __volatile__("" : : "r"(p) : "memory");
}

}  // namespace rtmphs
