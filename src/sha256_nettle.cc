// The SHA-256 backend over nettle (-DRTMP_HS_SHA256=nettle). Debian's nettle
// picks a SHA-NI implementation at run time (its fat build), several times
// faster than portable C. The context is a plain struct on the caller's
// stack: nothing allocates. Nettle's hash functions cannot fail.
#include <nettle/sha2.h>

#include <new>

#include "secure_memory.h"
#include "sha256.h"

namespace rtmphs {
namespace {

static_assert(sizeof(sha256_ctx) <= Sha256Context::kContextSize,
              "Sha256Context::kContextSize must hold nettle's sha256_ctx");
static_assert(alignof(sha256_ctx) <= 16, "Sha256Context alignment");

sha256_ctx *Context(unsigned char *storage) {
  return std::launder(reinterpret_cast<sha256_ctx *>(storage));
}

const sha256_ctx *Context(const unsigned char *storage) {
  return std::launder(reinterpret_cast<const sha256_ctx *>(storage));
}

}  // namespace

Sha256Context::Sha256Context() { new (context_) sha256_ctx{}; }

Sha256Context::~Sha256Context() { SecureWipe(context_, sizeof context_); }

Status Sha256Context::Start() {
  sha256_init(Context(context_));
  return Status::kOk;
}

void Sha256Context::ResumeAfterOneBlock(const Sha256Midstate &midstate) {
  // What sha256_init and one 64-byte update leave: one block counted, an
  // empty buffer, the chaining value.
  sha256_ctx *ctx = Context(context_);
  for (size_t i = 0; i < 8; ++i) {
    ctx->state[i] = midstate.words[i];
  }
  ctx->count = 1;
  ctx->index = 0;
}

Status Sha256Context::Update(const uint8_t *data, size_t len) {
  sha256_update(Context(context_), len, data);
  return Status::kOk;
}

Status Sha256Context::Finish(uint8_t out[kSha256Size]) {
  sha256_digest(Context(context_), kSha256Size, out);
  return Status::kOk;
}

Sha256Midstate Sha256Context::Midstate() const {
  Sha256Midstate m{};
  for (size_t i = 0; i < 8; ++i) {
    m.words[i] = Context(context_)->state[i];
  }
  return m;
}

}  // namespace rtmphs
