// One handle (client or server) against arbitrary peer bytes.
//
// Input layout: the options block (handle_options.h, 14 bytes), one byte
// choosing the drain buffer size (0 -> 8192, else 1..255), the split plan
// (fuzz_input.h: count byte + codes), then the peer's bytes.
#ifndef RTMPHS_FUZZ_SINGLE_ROLE_H_
#define RTMPHS_FUZZ_SINGLE_ROLE_H_

#include <cstddef>
#include <cstdint>

namespace rtmphs_fuzz {

// Feeds the peer bytes in the planned fragmentation, drains after every
// feed, and aborts when an invariant of the public contract breaks.
void RunSingleRole(int role, const uint8_t *data, size_t size);

}  // namespace rtmphs_fuzz

#endif  // RTMPHS_FUZZ_SINGLE_ROLE_H_
