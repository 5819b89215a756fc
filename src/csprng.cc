// Seeding: 48 bytes from one getrandom(2) call (full entropy, which is what
// CTR_DRBG without a derivation function asks for), at the first Fill(), so
// handles whose caller sets its own source never make the system call.
//
// Reseeding: Fill() reseeds when the process is not the one that seeded it:
// a handle copied into a child by fork() must not give both processes the
// same bytes (RTMPE derives its Diffie-Hellman key from them). A handle makes
// a handful of requests, far below SP 800-90A's 2^48 between reseeds, so no
// reseed is scheduled by count.
#include "csprng.h"

#include <unistd.h>

#include "random_source.h"
#include "secure_memory.h"

namespace rtmphs {

Status Csprng::Fill(uint8_t *buf, size_t len) {
  const int64_t pid = getpid();
  if (seeded_by_ != pid) {
    // First use, or after a failure: instantiate. In a forked child: mix in
    // fresh entropy.
    uint8_t entropy[CtrDrbg::kSeedSize];
    const bool seeded =
        OsRandom(nullptr, entropy, sizeof entropy) == 0 &&
        (seeded_by_ == 0 ? drbg_.Instantiate(entropy) : drbg_.Reseed(entropy));
    SecureWipe(entropy, sizeof entropy);
    if (!seeded) {
      seeded_by_ = 0;
      return Status::kRandom;
    }
    seeded_by_ = pid;
  }
  if (!drbg_.Generate(buf, len)) {
    seeded_by_ = 0;  // the state is not to be trusted: start over next time
    return Status::kRandom;
  }
  return Status::kOk;
}

}  // namespace rtmphs
