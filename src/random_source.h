// Where random bytes come from: a caller's callback, or by default the
// operating system's CSPRNG.
#ifndef RTMPHS_RANDOM_SOURCE_H_
#define RTMPHS_RANDOM_SOURCE_H_

#include <cstddef>
#include <cstdint>

#include "status.h"

namespace rtmphs {

// Same shape as the public rtmp_hs_random_fn: 0 on success.
using RandomFn = int (*)(void *ctx, uint8_t *buf, size_t len);

// Fills buf from getrandom(2), the kernel CSPRNG (seeded by the OS).
int OsRandom(void *ctx, uint8_t *buf, size_t len);

// A plain function pointer plus context, not a virtual interface: the core
// needs no RTTI or C++ runtime.
class RandomSource {
 public:
  RandomSource() = default;
  RandomSource(RandomFn fn, void *ctx) : fn_(fn), ctx_(ctx) {}

  Status Fill(uint8_t *buf, size_t len) const {
    return fn_(ctx_, buf, len) == 0 ? Status::kOk : Status::kRandom;
  }

 private:
  RandomFn fn_ = OsRandom;
  void *ctx_ = nullptr;
};

}  // namespace rtmphs

#endif  // RTMPHS_RANDOM_SOURCE_H_
