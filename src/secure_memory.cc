#include "secure_memory.h"

#include <cstring>

namespace rtmphs {

bool ConstantTimeEqual(const uint8_t *a, const uint8_t *b, size_t n) {
  // OR the differences of whole words so the loop never exits early. The
  // empty asm hides the accumulator's value from the compiler at every step,
  // so it cannot stop once a difference is known, nor turn this into memcmp
  // (a byte-wise volatile loop was a quarter of a plain client's time).
  uint64_t diff = 0;
  size_t i = 0;
  for (; i + sizeof diff <= n; i += sizeof diff) {
    uint64_t wa;
    uint64_t wb;
    std::memcpy(&wa, a + i, sizeof wa);
    std::memcpy(&wb, b + i, sizeof wb);
    diff |= wa ^ wb;
    __asm__("" : "+r"(diff));
  }
  for (; i < n; ++i) {
    diff |= static_cast<uint64_t>(a[i] ^ b[i]);
    __asm__("" : "+r"(diff));
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
