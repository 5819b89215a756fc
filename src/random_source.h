// Where random bytes come from: a caller's callback, or by default a CSPRNG
// in the handle, seeded from the operating system's.
#ifndef RTMPHS_RANDOM_SOURCE_H_
#define RTMPHS_RANDOM_SOURCE_H_

#include <cstddef>
#include <cstdint>

#include "csprng.h"
#include "status.h"

namespace rtmphs {

// Same shape as the public rtmp_hs_random_fn: 0 on success.
using RandomFn = int (*)(void *ctx, uint8_t *buf, size_t len);

// Fills buf from getrandom(2), the kernel CSPRNG (seeded by the OS); what
// seeds each handle's Csprng.
int OsRandom(void *ctx, uint8_t *buf, size_t len);

// The caller's callback when one was set (a plain function pointer plus
// context, not a virtual interface: the core needs no RTTI or C++ runtime),
// else the handle's own CSPRNG.
class RandomSource {
 public:
  void Use(RandomFn fn, void *ctx) {
    fn_ = fn;
    ctx_ = ctx;
  }

  Status Fill(uint8_t *buf, size_t len) {
    if (fn_ == nullptr) {
      return csprng_.Fill(buf, len);
    }
    return fn_(ctx_, buf, len) == 0 ? Status::kOk : Status::kRandom;
  }

 private:
  RandomFn fn_ = nullptr;
  void *ctx_ = nullptr;
  Csprng csprng_;
};

}  // namespace rtmphs

#endif  // RTMPHS_RANDOM_SOURCE_H_
