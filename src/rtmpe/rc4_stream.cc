#include "rtmpe/rc4_stream.h"

#include <cstring>

#include "rtmpe/mbedtls_config.h"
#include "secure_memory.h"

#if defined(MBEDTLS_ARC4_C)
#include <mbedtls/arc4.h>
#endif

namespace rtmphs {

#if defined(MBEDTLS_ARC4_C)

namespace {

// The context is copied in and out of the opaque bytes around each call
// (memcpy, not a cast: no aliasing games), and the copy is wiped.
class ContextCopy {
 public:
  explicit ContextCopy(uint8_t *state) : state_(state) {
    static_assert(sizeof(mbedtls_arc4_context) <= sizeof(Rc4Stream),
                  "mbedtls_arc4_context fits in Rc4Stream");
    std::memcpy(&ctx_, state_, sizeof ctx_);
  }
  ~ContextCopy() {
    std::memcpy(state_, &ctx_, sizeof ctx_);
    mbedtls_arc4_free(&ctx_);  // zeroizes
  }
  ContextCopy(const ContextCopy &) = delete;
  ContextCopy &operator=(const ContextCopy &) = delete;

  mbedtls_arc4_context *get() { return &ctx_; }

 private:
  uint8_t *state_;
  mbedtls_arc4_context ctx_;
};

}  // namespace

Status Rc4Stream::Init(const uint8_t key[kRc4KeySize]) {
  Clear();
  Status s = Status::kOk;
  {
    ContextCopy ctx(state_);
    mbedtls_arc4_init(ctx.get());
    mbedtls_arc4_setup(ctx.get(), key, kRc4KeySize);
  }
  uint8_t scratch[256];
  for (size_t done = 0; s == Status::kOk && done < kRc4Discard;
       done += sizeof scratch) {
    std::memset(scratch, 0, sizeof scratch);
    s = Apply(scratch, sizeof scratch);
  }
  SecureWipe(scratch, sizeof scratch);  // keystream bytes
  return s;
}

Status Rc4Stream::Apply(uint8_t *buf, size_t len) {
  if (len == 0) {
    return Status::kOk;  // buf may be NULL
  }
  ContextCopy ctx(state_);
  return mbedtls_arc4_crypt(ctx.get(), len, buf, buf) == 0 ? Status::kOk
                                                           : Status::kCrypto;
}

#else  // no ARC4 in this mbedTLS (3.x)

Status Rc4Stream::Init(const uint8_t * /*key*/) { return Status::kUnsupported; }

Status Rc4Stream::Apply(uint8_t * /*buf*/, size_t /*len*/) {
  return Status::kUnsupported;
}

#endif

void Rc4Stream::Clear() { SecureWipe(state_, sizeof state_); }

}  // namespace rtmphs
