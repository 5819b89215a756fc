#include "swf_verification.h"

#include "bytes.h"
#include "hmac_sha256.h"

namespace rtmphs {

Status ComputeSwfResponse(const uint8_t *s1,
                          const uint8_t swf_hash[kDigestSize],
                          uint32_t swf_size, uint8_t out[kSwfResponseSize]) {
  out[0] = 0x01;
  out[1] = 0x01;
  StoreBe32(out + 2, swf_size);
  StoreBe32(out + 6, swf_size);
  // The key is S1's last 32 bytes whatever they hold (not its digest).
  return HmacSha256(ByteSpan(s1 + kSignatureOffset, kDigestSize),
                    ByteSpan(swf_hash, kDigestSize), out + 10);
}

}  // namespace rtmphs
