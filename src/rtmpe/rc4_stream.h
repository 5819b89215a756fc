// One direction of RTMPE's RC4 encryption (PROTOCOL.md 7.3, 7.4): keyed
// with 16 bytes, the first 1536 keystream bytes thrown away, then one
// continuous stream, so any split of the bytes gives the same result.
//
// The cipher state lives in this object (no heap), as opaque bytes: this
// header names no mbedTLS type, and builds without ARC4 still compile.
#ifndef RTMPHS_RTMPE_RC4_STREAM_H_
#define RTMPHS_RTMPE_RC4_STREAM_H_

#include <cstddef>
#include <cstdint>

#include "status.h"

namespace rtmphs {

constexpr size_t kRc4KeySize = 16;
constexpr size_t kRc4Discard = 1536;  // "as if a handshake had been encrypted"

class Rc4Stream {
 public:
  Rc4Stream() = default;
  ~Rc4Stream() { Clear(); }
  Rc4Stream(const Rc4Stream &) = delete;
  Rc4Stream &operator=(const Rc4Stream &) = delete;

  // Keys the stream and discards the first 1536 keystream bytes.
  // kUnsupported without ARC4 in the crypto library.
  Status Init(const uint8_t key[kRc4KeySize]);

  // XORs buf[0..len) with the next len keystream bytes, in place.
  Status Apply(uint8_t *buf, size_t len);

  // Wipes the state (the key schedule reveals the key).
  void Clear();

 private:
  // mbedtls_arc4_context is two ints and a 256-byte permutation; the .cc
  // checks that it fits.
  uint8_t state_[272] = {};
};

}  // namespace rtmphs

#endif  // RTMPHS_RTMPE_RC4_STREAM_H_
