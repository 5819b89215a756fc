// The default random source: a CSPRNG inside each handle. One getrandom(2)
// seeding per handle instead of one system call per packet; nothing
// allocates and nothing is shared between handles (no global state).
#ifndef RTMPHS_CSPRNG_H_
#define RTMPHS_CSPRNG_H_

#include <cstddef>
#include <cstdint>

#include "ctr_drbg.h"
#include "status.h"

namespace rtmphs {

class Csprng {
 public:
  Csprng() = default;  // no system call yet: seeding waits for Fill()
  Csprng(const Csprng &) = delete;
  Csprng &operator=(const Csprng &) = delete;

  // kRandom when the operating system's source or the generator fails.
  Status Fill(uint8_t *buf, size_t len);

 private:
  CtrDrbg drbg_;  // wipes itself when the handle goes
  // The process that seeded it (0: not seeded, or the generator failed and
  // must be seeded afresh): a child after fork() must not replay its
  // parent's bytes.
  int64_t seeded_by_ = 0;
};

}  // namespace rtmphs

#endif  // RTMPHS_CSPRNG_H_
