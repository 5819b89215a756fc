// The SWFVerification response (PROTOCOL.md 8): what a client sends with
// user control event 27 when the server asks with event 26.
#ifndef RTMPHS_SWF_VERIFICATION_H_
#define RTMPHS_SWF_VERIFICATION_H_

#include <cstddef>
#include <cstdint>

#include "digest_scheme.h"
#include "status.h"

namespace rtmphs {

constexpr size_t kSwfResponseSize = 42;

// 01 01, swf_size twice (big-endian), then HMAC(S1[1504..1535], swf_hash).
// s1 is the server's whole 1536-byte S1.
Status ComputeSwfResponse(const uint8_t *s1,
                          const uint8_t swf_hash[kDigestSize],
                          uint32_t swf_size, uint8_t out[kSwfResponseSize]);

}  // namespace rtmphs

#endif  // RTMPHS_SWF_VERIFICATION_H_
