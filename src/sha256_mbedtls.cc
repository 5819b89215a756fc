// The SHA-256 backend over Mbed TLS's allocation-free SHA-256 module
// (mbedtls_md would allocate in md_setup, and 4.x drops HMAC from md
// altogether). Portable C, no SHA-NI (mbedTLS issue #8739).
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>

#include <new>

#include "sha256.h"

#if defined(MBEDTLS_SHA256_ALT)
#error "an MBEDTLS_SHA256_ALT context has no known layout for midstates"
#endif

// 2.28 names the int-returning functions *_ret; 3.x renamed them back, and
// made the context's fields private (still there, by that name).
#if MBEDTLS_VERSION_NUMBER < 0x03000000
#define RTMPHS_SHA256_STARTS mbedtls_sha256_starts_ret
#define RTMPHS_SHA256_UPDATE mbedtls_sha256_update_ret
#define RTMPHS_SHA256_FINISH mbedtls_sha256_finish_ret
#define RTMPHS_SHA256_FIELD(name) name
#else
#define RTMPHS_SHA256_STARTS mbedtls_sha256_starts
#define RTMPHS_SHA256_UPDATE mbedtls_sha256_update
#define RTMPHS_SHA256_FINISH mbedtls_sha256_finish
#define RTMPHS_SHA256_FIELD(name) MBEDTLS_PRIVATE(name)
#endif

namespace rtmphs {
namespace {

static_assert(sizeof(mbedtls_sha256_context) <= Sha256Context::kContextSize,
              "Sha256Context::kContextSize must hold mbedtls_sha256_context");
static_assert(alignof(mbedtls_sha256_context) <= 16, "Sha256Context alignment");

mbedtls_sha256_context *Context(unsigned char *storage) {
  return std::launder(reinterpret_cast<mbedtls_sha256_context *>(storage));
}

const mbedtls_sha256_context *Context(const unsigned char *storage) {
  return std::launder(
      reinterpret_cast<const mbedtls_sha256_context *>(storage));
}

Status Check(int rc) { return rc == 0 ? Status::kOk : Status::kCrypto; }

}  // namespace

Sha256Context::Sha256Context() {
  mbedtls_sha256_init(new (context_) mbedtls_sha256_context);
}

Sha256Context::~Sha256Context() {
  mbedtls_sha256_free(Context(context_));  // zeroizes the context
}

Status Sha256Context::Start() {
  return Check(RTMPHS_SHA256_STARTS(Context(context_), 0));
}

void Sha256Context::ResumeAfterOneBlock(const Sha256Midstate &midstate) {
  // What starts() and one 64-byte update() leave behind: the byte count,
  // the chaining value, SHA-256 rather than SHA-224.
  mbedtls_sha256_context *ctx = Context(context_);
  ctx->RTMPHS_SHA256_FIELD(total)[0] = kSha256BlockSize;
  ctx->RTMPHS_SHA256_FIELD(total)[1] = 0;
  for (size_t i = 0; i < 8; ++i) {
    ctx->RTMPHS_SHA256_FIELD(state)[i] = midstate.words[i];
  }
  ctx->RTMPHS_SHA256_FIELD(is224) = 0;
}

Status Sha256Context::Update(const uint8_t *data, size_t len) {
  return Check(RTMPHS_SHA256_UPDATE(Context(context_), data, len));
}

Status Sha256Context::Finish(uint8_t out[kSha256Size]) {
  return Check(RTMPHS_SHA256_FINISH(Context(context_), out));
}

Sha256Midstate Sha256Context::Midstate() const {
  Sha256Midstate m{};
  for (size_t i = 0; i < 8; ++i) {
    m.words[i] = Context(context_)->RTMPHS_SHA256_FIELD(state)[i];
  }
  return m;
}

}  // namespace rtmphs
