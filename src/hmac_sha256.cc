// HMAC-SHA256 over Mbed TLS's allocation-free SHA-256 module (mbedtls_md
// would allocate in md_setup, and 4.x drops HMAC from md altogether).
#include "hmac_sha256.h"

#include <mbedtls/sha256.h>
#include <mbedtls/version.h>

#include "secure_memory.h"

// 2.28 names the int-returning functions *_ret; 3.x renamed them back.
#if MBEDTLS_VERSION_NUMBER < 0x03000000
#define RTMPHS_SHA256_STARTS mbedtls_sha256_starts_ret
#define RTMPHS_SHA256_UPDATE mbedtls_sha256_update_ret
#define RTMPHS_SHA256_FINISH mbedtls_sha256_finish_ret
#else
#define RTMPHS_SHA256_STARTS mbedtls_sha256_starts
#define RTMPHS_SHA256_UPDATE mbedtls_sha256_update
#define RTMPHS_SHA256_FINISH mbedtls_sha256_finish
#endif

namespace rtmphs {
namespace {

constexpr size_t kBlockSize = 64;

// One SHA-256 over a prefix block (may be empty) and a list of parts.
Status HashParts(ByteSpan prefix, const ByteSpan *parts, size_t count,
                 uint8_t out[kSha256Size]) {
  mbedtls_sha256_context ctx;
  mbedtls_sha256_init(&ctx);
  int rc = RTMPHS_SHA256_STARTS(&ctx, 0);
  if (rc == 0 && prefix.size > 0) {
    rc = RTMPHS_SHA256_UPDATE(&ctx, prefix.data, prefix.size);
  }
  for (size_t i = 0; rc == 0 && i < count; ++i) {
    if (parts[i].size > 0) {
      rc = RTMPHS_SHA256_UPDATE(&ctx, parts[i].data, parts[i].size);
    }
  }
  if (rc == 0) {
    rc = RTMPHS_SHA256_FINISH(&ctx, out);
  }
  mbedtls_sha256_free(&ctx);  // zeroizes the context
  return rc == 0 ? Status::kOk : Status::kCrypto;
}

}  // namespace

Status Sha256(ByteSpan msg, uint8_t out[kSha256Size]) {
  return HashParts(ByteSpan(), &msg, 1, out);
}

Status HmacSha256(ByteSpan key, const ByteSpan *parts, size_t count,
                  uint8_t out[kSha256Size]) {
  uint8_t block_key[kBlockSize] = {};
  uint8_t pad[kBlockSize];
  uint8_t inner[kSha256Size];
  Status s = Status::kOk;

  if (key.size > kBlockSize) {
    s = Sha256(key, block_key);
  } else {
    for (size_t i = 0; i < key.size; ++i) {
      block_key[i] = key.data[i];
    }
  }
  if (s == Status::kOk) {
    for (size_t i = 0; i < kBlockSize; ++i) {
      pad[i] = static_cast<uint8_t>(block_key[i] ^ 0x36);
    }
    s = HashParts(ByteSpan(pad, kBlockSize), parts, count, inner);
  }
  if (s == Status::kOk) {
    for (size_t i = 0; i < kBlockSize; ++i) {
      pad[i] = static_cast<uint8_t>(block_key[i] ^ 0x5c);
    }
    const ByteSpan inner_span(inner, kSha256Size);
    s = HashParts(ByteSpan(pad, kBlockSize), &inner_span, 1, out);
  }
  SecureWipe(block_key, sizeof block_key);
  SecureWipe(pad, sizeof pad);
  SecureWipe(inner, sizeof inner);
  return s;
}

}  // namespace rtmphs
