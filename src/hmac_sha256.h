// HMAC-SHA256 (RFC 2104) over the SHA-256 backend (sha256.h), with the key
// states of constant keys precomputable: HMAC's first block of each pass is
// the key xor a pad, the same for every message under that key.
#ifndef RTMPHS_HMAC_SHA256_H_
#define RTMPHS_HMAC_SHA256_H_

#include <cstddef>
#include <cstdint>

#include "bytes.h"
#include "sha256.h"
#include "status.h"

namespace rtmphs {

// out = SHA-256(msg).
Status Sha256(ByteSpan msg, uint8_t out[kSha256Size]);

// out = HMAC-SHA256(key, parts[0] || parts[1] || ... || parts[count - 1]).
// Keys longer than the 64-byte block are hashed first, as RFC 2104 requires
// (the 68-byte FMS key depends on it). Allocates nothing; wipes its
// intermediate key material before returning.
Status HmacSha256(ByteSpan key, const ByteSpan *parts, size_t count,
                  uint8_t out[kSha256Size]);

inline Status HmacSha256(ByteSpan key, ByteSpan msg, uint8_t out[kSha256Size]) {
  return HmacSha256(key, &msg, 1, out);
}

// A key's HMAC state: the SHA-256 midstates after the key^ipad block and
// after the key^opad block. For constant keys it is constant data
// (digest_scheme.cc), which saves two compressions per HMAC, and for the
// 62/68-byte keys the hashing of the key as well.
struct HmacKeyState {
  Sha256Midstate inner;
  Sha256Midstate outer;
};

Status ComputeHmacKeyState(ByteSpan key, HmacKeyState *out);

// The same HMAC as above, from a key state.
Status HmacSha256(const HmacKeyState &key, const ByteSpan *parts, size_t count,
                  uint8_t out[kSha256Size]);

inline Status HmacSha256(const HmacKeyState &key, ByteSpan msg,
                         uint8_t out[kSha256Size]) {
  return HmacSha256(key, &msg, 1, out);
}

}  // namespace rtmphs

#endif  // RTMPHS_HMAC_SHA256_H_
