// RTMPE's RC4 keys (PROTOCOL.md 7.3): the first 16 bytes of
// HMAC(shared secret, public key). Each side's outgoing key is taken over
// the peer's public key, its incoming key over its own.
#ifndef RTMPHS_RTMPE_RC4_KEYS_H_
#define RTMPHS_RTMPE_RC4_KEYS_H_

#include <cstdint>

#include "rtmpe/diffie_hellman.h"
#include "rtmpe/rc4_stream.h"
#include "status.h"

namespace rtmphs {

Status DeriveRc4Key(const uint8_t secret[kDhKeySize],
                    const uint8_t public_key[kDhKeySize],
                    uint8_t key[kRc4KeySize]);

}  // namespace rtmphs

#endif  // RTMPHS_RTMPE_RC4_KEYS_H_
