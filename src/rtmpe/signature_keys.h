// The key tables of the RTMPE type 8 (XTEA) and type 9 (Blowfish) P2
// signature transform (PROTOCOL.md 7.5), indexed by key number 0..15.
#ifndef RTMPHS_RTMPE_SIGNATURE_KEYS_H_
#define RTMPHS_RTMPE_SIGNATURE_KEYS_H_

#include <cstddef>
#include <cstdint>

namespace rtmphs {

constexpr size_t kSignatureKeyCount = 16;
constexpr size_t kBlowfishKeySize = 24;

// XTEA key words k[0..3] as librtmp's rtmpe8_keys writes them.
extern const uint32_t kXteaKeys[kSignatureKeyCount][4];

// 24-byte Blowfish keys (librtmp's rtmpe9_keys).
extern const uint8_t kBlowfishKeys[kSignatureKeyCount][kBlowfishKeySize];

}  // namespace rtmphs

#endif  // RTMPHS_RTMPE_SIGNATURE_KEYS_H_
