// Status codes of the core. Values equal the public RTMP_HS_* codes (checked
// by static_assert in capi/), so the C boundary maps them by value.
#ifndef RTMPHS_STATUS_H_
#define RTMPHS_STATUS_H_

#include <cstdint>

namespace rtmphs {

enum class Status : int32_t {
  kOk = 0,
  kArg = -1,
  kState = -2,
  kNoMem = -3,
  kVersion = -10,
  kTls = -11,
  kHttp = -12,
  kDigest = -13,
  kSignature = -14,
  kDh = -15,
  kUnsupported = -16,
  kRandom = -20,
  kCrypto = -21,
  kInternal = -99,
};

// Codes of -10 and below fail the handshake for good.
constexpr bool IsFatal(Status s) { return static_cast<int32_t>(s) <= -10; }

}  // namespace rtmphs

#endif  // RTMPHS_STATUS_H_
