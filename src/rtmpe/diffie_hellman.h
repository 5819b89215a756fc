// RTMPE's Diffie-Hellman over the 1024-bit group of RFC 2409 (Oakley group
// 2, g = 2; PROTOCOL.md 7.2). Every key and secret is exactly 128 bytes,
// big-endian, left-padded with zeros: the unpadded secret of some peers'
// backends breaks one session in 256.
//
// The handle holds only the private exponent as bytes; the bignum work
// happens on the stack and inside mbedTLS (which allocates its limbs), one
// call at a time, so nothing of the crypto library outlives a call.
#ifndef RTMPHS_RTMPE_DIFFIE_HELLMAN_H_
#define RTMPHS_RTMPE_DIFFIE_HELLMAN_H_

#include <cstddef>
#include <cstdint>

#include "random_source.h"
#include "status.h"

namespace rtmphs {

constexpr size_t kDhKeySize = 128;  // public keys and the shared secret

class DiffieHellman {
 public:
  DiffieHellman() = default;
  ~DiffieHellman() { Clear(); }
  DiffieHellman(const DiffieHellman &) = delete;
  DiffieHellman &operator=(const DiffieHellman &) = delete;

  // A fresh private exponent of 1016 bits, top bit set (so 2^x is never 1
  // or p-1), from random; writes the public key 2^x mod p.
  Status Generate(RandomSource &random, uint8_t pub[kDhKeySize]);

  // A given private exponent (big-endian, at most 128 bytes), for vectors.
  Status SetPrivate(const uint8_t *x, size_t len, uint8_t pub[kDhKeySize]);

  // The shared secret peer^x mod p, after checking the peer's key:
  // kDh unless 2 <= y <= p-2 and y^q = 1 (mod p), q = (p-1)/2.
  Status ComputeSecret(const uint8_t peer[kDhKeySize],
                       uint8_t secret[kDhKeySize]) const;

  // Wipes the private exponent.
  void Clear();

 private:
  Status DerivePublic(uint8_t pub[kDhKeySize]) const;

  uint8_t private_[kDhKeySize] = {};
};

// The range and subgroup checks alone: kOk, kDh or kCrypto.
Status CheckDhPublicKey(const uint8_t y[kDhKeySize]);

}  // namespace rtmphs

#endif  // RTMPHS_RTMPE_DIFFIE_HELLMAN_H_
