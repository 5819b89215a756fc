#include "rtmpe/backend.h"

#include "rtmpe/mbedtls_config.h"

namespace rtmphs {
namespace {

#if defined(MBEDTLS_BIGNUM_C) && defined(MBEDTLS_ARC4_C)
constexpr Status kDhRc4 = Status::kOk;
#else
constexpr Status kDhRc4 = Status::kUnsupported;
#endif

#if defined(MBEDTLS_XTEA_C)
constexpr Status kXtea = kDhRc4;
#else
constexpr Status kXtea = Status::kUnsupported;
#endif

#if defined(MBEDTLS_BLOWFISH_C)
constexpr Status kBlowfish = kDhRc4;
#else
constexpr Status kBlowfish = Status::kUnsupported;
#endif

// A table, not branches: what the build lacks is fixed when it compiles.
constexpr Status kByType[10] = {
    Status::kArg, Status::kArg, Status::kArg, Status::kArg, Status::kArg,
    Status::kArg, kDhRc4,       Status::kArg, kXtea,        kBlowfish};

}  // namespace

Status RtmpeTypeStatus(int type) {
  return type >= 0 && type < 10 ? kByType[type] : Status::kArg;
}

}  // namespace rtmphs
