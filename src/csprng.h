// The default random source: a CSPRNG inside each handle. One getrandom(2)
// seeding per handle instead of one system call per packet; nothing
// allocates and nothing is shared between handles (no global state).
#ifndef RTMPHS_CSPRNG_H_
#define RTMPHS_CSPRNG_H_

#include <cstddef>
#include <cstdint>

#include "status.h"

namespace rtmphs {

class Csprng {
 public:
  Csprng();   // no system call yet: seeding waits for the first Fill()
  ~Csprng();  // wipes the generator's state
  Csprng(const Csprng &) = delete;
  Csprng &operator=(const Csprng &) = delete;

  // kRandom when the operating system's source or the generator fails.
  Status Fill(uint8_t *buf, size_t len);

 private:
  // mbedTLS's context, kept out of this header (no mbedTLS type leaks into
  // the core's headers); csprng.cc checks that it fits.
  static constexpr size_t kStateSize = 448;
  alignas(16) unsigned char state_[kStateSize];
  // The process that seeded it (0: not seeded): a child after fork() must
  // not replay its parent's bytes.
  int64_t seeded_by_ = 0;
};

}  // namespace rtmphs

#endif  // RTMPHS_CSPRNG_H_
