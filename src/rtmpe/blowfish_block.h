// RTMPE type 9: one 8-byte block through Blowfish (16 rounds, 24-byte key
// number 0..15 of the table), the block's halves read and written
// little-endian (PROTOCOL.md 7.5).
#ifndef RTMPHS_RTMPE_BLOWFISH_BLOCK_H_
#define RTMPHS_RTMPE_BLOWFISH_BLOCK_H_

#include <cstddef>
#include <cstdint>

#include "status.h"

namespace rtmphs {

// kUnsupported without Blowfish in the crypto library.
Status BlowfishEncryptBlock(size_t key_number, uint8_t block[8]);

}  // namespace rtmphs

#endif  // RTMPHS_RTMPE_BLOWFISH_BLOCK_H_
