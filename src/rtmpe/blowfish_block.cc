#include "rtmpe/blowfish_block.h"

#include "rtmpe/block_halves.h"
#include "rtmpe/mbedtls_config.h"
#include "rtmpe/signature_keys.h"
#include "secure_memory.h"

#if defined(MBEDTLS_BLOWFISH_C)
#include <mbedtls/blowfish.h>
#endif

namespace rtmphs {

#if defined(MBEDTLS_BLOWFISH_C)

Status BlowfishEncryptBlock(size_t key_number, uint8_t block[8]) {
  // About 4 KiB of key schedule: on the stack, zeroized by _free.
  mbedtls_blowfish_context ctx;
  mbedtls_blowfish_init(&ctx);
  int rc = mbedtls_blowfish_setkey(&ctx, kBlowfishKeys[key_number],
                                   8 * kBlowfishKeySize);
  uint8_t be[8];
  for (size_t i = 0; i < 8; ++i) {
    be[i] = block[i];
  }
  SwapBlockHalves(be);
  if (rc == 0) {
    rc = mbedtls_blowfish_crypt_ecb(&ctx, MBEDTLS_BLOWFISH_ENCRYPT, be, be);
  }
  if (rc == 0) {
    SwapBlockHalves(be);
    for (size_t i = 0; i < 8; ++i) {
      block[i] = be[i];
    }
  }
  mbedtls_blowfish_free(&ctx);
  SecureWipe(be, sizeof be);
  return rc == 0 ? Status::kOk : Status::kCrypto;
}

#else

Status BlowfishEncryptBlock(size_t /*key_number*/, uint8_t * /*block*/) {
  return Status::kUnsupported;
}

#endif

}  // namespace rtmphs
