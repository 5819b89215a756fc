// Memory helpers for secrets: comparison whose time does not depend on where
// the inputs differ, and wiping that the optimiser cannot remove.
#ifndef RTMPHS_SECURE_MEMORY_H_
#define RTMPHS_SECURE_MEMORY_H_

#include <cstddef>
#include <cstdint>

namespace rtmphs {

// True when a[0..n) == b[0..n). Reads every byte whatever the contents.
bool ConstantTimeEqual(const uint8_t *a, const uint8_t *b, size_t n);

// Sets p[0..n) to zero; never elided as a dead store.
void SecureWipe(void *p, size_t n);

}  // namespace rtmphs

#endif  // RTMPHS_SECURE_MEMORY_H_
