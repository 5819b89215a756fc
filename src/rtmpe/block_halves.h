// mbedTLS's 64-bit block ciphers load each 4-byte half big-endian; RTMPE's
// transform reads them little-endian. Reversing each half before and after
// the call bridges the two.
#ifndef RTMPHS_RTMPE_BLOCK_HALVES_H_
#define RTMPHS_RTMPE_BLOCK_HALVES_H_

#include <cstdint>

namespace rtmphs {

inline void SwapBlockHalves(uint8_t block[8]) {
  for (int half = 0; half < 8; half += 4) {
    uint8_t *h = block + half;
    const uint8_t b0 = h[0];
    const uint8_t b1 = h[1];
    h[0] = h[3];
    h[1] = h[2];
    h[2] = b1;
    h[3] = b0;
  }
}

}  // namespace rtmphs

#endif  // RTMPHS_RTMPE_BLOCK_HALVES_H_
