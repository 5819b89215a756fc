// One SHA-256 computation, the only thing the core takes from a hash
// backend: mbedTLS (sha256_mbedtls.cc, the default) or nettle
// (sha256_nettle.cc, SHA-NI at run time), chosen at configure time with
// RTMP_HS_SHA256. No backend type appears here: the context lives in
// opaque storage on the caller's stack, so nothing allocates.
#ifndef RTMPHS_SHA256_H_
#define RTMPHS_SHA256_H_

#include <cstddef>
#include <cstdint>

#include "status.h"

namespace rtmphs {

constexpr size_t kSha256Size = 32;
constexpr size_t kSha256BlockSize = 64;

// SHA-256's chaining value after a whole number of 64-byte blocks: what
// HMAC precomputes for a constant key (the key^ipad and key^opad blocks).
struct Sha256Midstate {
  uint32_t words[8];
};

class Sha256Context {
 public:
  static constexpr size_t kContextSize = 128;  // checked by the backends

  Sha256Context();
  ~Sha256Context();  // wipes the context: it may hold key material
  Sha256Context(const Sha256Context &) = delete;
  Sha256Context &operator=(const Sha256Context &) = delete;

  Status Start();
  // Continues from a midstate taken after exactly one block (HMAC's pads).
  void ResumeAfterOneBlock(const Sha256Midstate &midstate);
  Status Update(const uint8_t *data, size_t len);
  Status Finish(uint8_t out[kSha256Size]);
  // The chaining value; valid only after whole blocks were hashed.
  Sha256Midstate Midstate() const;

 private:
  alignas(16) unsigned char context_[kContextSize];
};

}  // namespace rtmphs

#endif  // RTMPHS_SHA256_H_
