// RTMPE type 8: one 8-byte block through XTEA (32 cycles) under key number
// 0..15 of the table, the block's halves read and written little-endian
// (PROTOCOL.md 7.5).
#ifndef RTMPHS_RTMPE_XTEA_BLOCK_H_
#define RTMPHS_RTMPE_XTEA_BLOCK_H_

#include <cstddef>
#include <cstdint>

#include "status.h"

namespace rtmphs {

// kUnsupported without XTEA in the crypto library.
Status XteaEncryptBlock(size_t key_number, uint8_t block[8]);

}  // namespace rtmphs

#endif  // RTMPHS_RTMPE_XTEA_BLOCK_H_
