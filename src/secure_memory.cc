#include "secure_memory.h"

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
  auto *v = static_cast<volatile uint8_t *>(p);
  for (size_t i = 0; i < n; ++i) {
    v[i] = 0;
  }
  // A compiler barrier: the stores above are observable to "memory".
  __asm__ __volatile__("" : : "r"(p) : "memory");
}

}  // namespace rtmphs
