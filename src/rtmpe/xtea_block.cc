#include "rtmpe/xtea_block.h"

#include "bytes.h"
#include "rtmpe/block_halves.h"
#include "rtmpe/mbedtls_config.h"
#include "rtmpe/signature_keys.h"
#include "secure_memory.h"

#if defined(MBEDTLS_XTEA_C)
#include <mbedtls/xtea.h>
#endif

namespace rtmphs {

#if defined(MBEDTLS_XTEA_C)

Status XteaEncryptBlock(size_t key_number, uint8_t block[8]) {
  // mbedtls_xtea_setup reads the four key words big-endian.
  uint8_t key[16];
  for (size_t i = 0; i < 4; ++i) {
    StoreBe32(key + 4 * i, kXteaKeys[key_number][i]);
  }
  mbedtls_xtea_context ctx;
  mbedtls_xtea_init(&ctx);
  mbedtls_xtea_setup(&ctx, key);
  uint8_t be[8];
  for (size_t i = 0; i < 8; ++i) {
    be[i] = block[i];
  }
  SwapBlockHalves(be);
  const int rc = mbedtls_xtea_crypt_ecb(&ctx, MBEDTLS_XTEA_ENCRYPT, be, be);
  if (rc == 0) {
    SwapBlockHalves(be);
    for (size_t i = 0; i < 8; ++i) {
      block[i] = be[i];
    }
  }
  mbedtls_xtea_free(&ctx);
  SecureWipe(key, sizeof key);
  SecureWipe(be, sizeof be);
  return rc == 0 ? Status::kOk : Status::kCrypto;
}

#else

Status XteaEncryptBlock(size_t /*key_number*/, uint8_t * /*block*/) {
  return Status::kUnsupported;
}

#endif

}  // namespace rtmphs
