// The RTMPE P2 signature (PROTOCOL.md 4.4, 7.5): the digest handshake's
// HMAC(K, P2[0..1503]) with K = HMAC(full key of signer, peer digest),
// then, for types 8 and 9, each 8-byte block of it encrypted on its own
// (XTEA or Blowfish) with key number K[i] mod 15, i = 0, 8, 16, 24.
#ifndef RTMPHS_RTMPE_SIGNATURE_TRANSFORM_H_
#define RTMPHS_RTMPE_SIGNATURE_TRANSFORM_H_

#include <cstdint>

#include "digest_scheme.h"
#include "status.h"

namespace rtmphs {

// Transforms a 32-byte signature in place for type 8 or 9; any other type
// (0: the digest handshake, 6) leaves it as is. key is the intermediate
// key K the signature was made with.
Status TransformSignature(int type, const uint8_t key[kDigestSize],
                          uint8_t signature[kDigestSize]);

// The signature p2[1504..1535] must carry under type 0 (no encryption), 6,
// 8 or 9.
Status ComputeTransformedSignature(const uint8_t *p2,
                                   const uint8_t digest[kDigestSize],
                                   Party signer, int type,
                                   uint8_t out[kDigestSize]);

// *valid = whether p2 carries it (constant-time comparison).
Status VerifyTransformedSignature(const uint8_t *p2,
                                  const uint8_t digest[kDigestSize],
                                  Party signer, int type, bool *valid);

}  // namespace rtmphs

#endif  // RTMPHS_RTMPE_SIGNATURE_TRANSFORM_H_
