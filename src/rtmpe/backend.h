// Which RTMPE types the crypto library can do. mbedTLS 2.28 has every
// primitive; 3.x dropped ARC4, XTEA and Blowfish, and a minimal build may
// lack bignum. The handshake asks here before it agrees to a type, so a
// smaller backend says RTMP_HS_ERR_UNSUPPORTED instead of not building.
#ifndef RTMPHS_RTMPE_BACKEND_H_
#define RTMPHS_RTMPE_BACKEND_H_

#include "status.h"

namespace rtmphs {

// Encrypted handshake types (the P0 byte).
constexpr int kRtmpePlainSignature = 6;  // DH + RC4, P2 signature as is
constexpr int kRtmpeXtea = 8;            // P2 signature through XTEA
constexpr int kRtmpeBlowfish = 9;        // P2 signature through Blowfish

// True for 6, 8 and 9, whatever the backend.
constexpr bool IsRtmpeType(int type) {
  return type == kRtmpePlainSignature || type == kRtmpeXtea ||
         type == kRtmpeBlowfish;
}

// kOk for 6, 8 and 9 when every primitive the type needs is compiled in,
// kUnsupported when one is missing, kArg for any other value.
Status RtmpeTypeStatus(int type);

}  // namespace rtmphs

#endif  // RTMPHS_RTMPE_BACKEND_H_
