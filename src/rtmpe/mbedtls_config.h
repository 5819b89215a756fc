// The configuration macros (MBEDTLS_*_C) of whichever mbedTLS is used:
// 2.28 keeps them in config.h, 3.x in build_info.h.
#ifndef RTMPHS_RTMPE_MBEDTLS_CONFIG_H_
#define RTMPHS_RTMPE_MBEDTLS_CONFIG_H_

#include <mbedtls/version.h>

#if MBEDTLS_VERSION_NUMBER < 0x03000000
#include <mbedtls/config.h>
#else
#include <mbedtls/build_info.h>
#endif

#endif  // RTMPHS_RTMPE_MBEDTLS_CONFIG_H_
