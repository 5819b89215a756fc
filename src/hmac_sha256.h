// HMAC-SHA256 (RFC 2104). The only interface to the crypto library: this
// header names no mbedTLS type, so another backend (Mbed TLS 4.x / PSA) slots
// in by replacing hmac_sha256.cc alone.
#ifndef RTMPHS_HMAC_SHA256_H_
#define RTMPHS_HMAC_SHA256_H_

#include <cstddef>
#include <cstdint>

#include "bytes.h"
#include "status.h"

namespace rtmphs {

constexpr size_t kSha256Size = 32;

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

}  // namespace rtmphs

#endif  // RTMPHS_HMAC_SHA256_H_
