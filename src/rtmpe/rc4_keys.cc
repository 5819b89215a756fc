#include "rtmpe/rc4_keys.h"

#include "hmac_sha256.h"
#include "secure_memory.h"

namespace rtmphs {

Status DeriveRc4Key(const uint8_t secret[kDhKeySize],
                    const uint8_t public_key[kDhKeySize],
                    uint8_t key[kRc4KeySize]) {
  // The 128-byte secret is longer than the HMAC block: HmacSha256 hashes it
  // first, as RFC 2104 requires.
  uint8_t mac[kSha256Size];
  const Status s = HmacSha256(ByteSpan(secret, kDhKeySize),
                              ByteSpan(public_key, kDhKeySize), mac);
  for (size_t i = 0; i < kRc4KeySize; ++i) {
    key[i] = mac[i];
  }
  SecureWipe(mac, sizeof mac);
  return s;
}

}  // namespace rtmphs
