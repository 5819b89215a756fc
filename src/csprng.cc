// CTR_DRBG (NIST SP 800-90A, AES-256) from mbedTLS: fixed-size state, no
// allocation, AES-NI where the CPU has it. HMAC_DRBG would allocate (it goes
// through mbedtls_md_setup).
//
// Seeding: 48 bytes of entropy plus 24 for the nonce from one getrandom(2)
// call, at the first Fill(), so handles whose caller sets its own source never
// make the system call. Reseeding: the DRBG reseeds itself from getrandom after
// MBEDTLS_CTR_DRBG_RESEED_INTERVAL requests (a handshake makes a handful),
// and Fill() reseeds when the process is not the one that seeded it: a
// handle copied into a child by fork() must not give both processes the
// same bytes (RTMPE derives its Diffie-Hellman key from them). The state is
// wiped (mbedtls_ctr_drbg_free zeroizes it) when the handle goes.
#include "csprng.h"

#include <mbedtls/ctr_drbg.h>
#include <unistd.h>

#include <new>

#include "random_source.h"

namespace rtmphs {
namespace {

constexpr size_t kSeedBytes =
    MBEDTLS_CTR_DRBG_ENTROPY_LEN + (MBEDTLS_CTR_DRBG_ENTROPY_LEN + 1) / 2;
static_assert(kSeedBytes <= MBEDTLS_CTR_DRBG_MAX_SEED_INPUT, "seed size");

static_assert(sizeof(mbedtls_ctr_drbg_context) <= 448,
              "Csprng::kStateSize must hold mbedtls_ctr_drbg_context");
static_assert(alignof(mbedtls_ctr_drbg_context) <= 16,
              "Csprng::state_ alignment");

int Entropy(void *ctx, unsigned char *buf, size_t len) {
  return OsRandom(ctx, buf, len);
}

mbedtls_ctr_drbg_context *Drbg(unsigned char *state) {
  return std::launder(reinterpret_cast<mbedtls_ctr_drbg_context *>(state));
}

}  // namespace

Csprng::Csprng() {
  auto *drbg = new (state_) mbedtls_ctr_drbg_context;
  mbedtls_ctr_drbg_init(drbg);
  // The default 48 bytes of entropy and 24 of nonce in one getrandom(2)
  // call instead of two (SP 800-90A 8.6.7 lets the nonce come from the
  // entropy source): a system call costs as much as the rest of the seeding.
  mbedtls_ctr_drbg_set_entropy_len(drbg, kSeedBytes);
  // Cannot fail: 0 is a valid length and nothing was seeded yet.
  (void)mbedtls_ctr_drbg_set_nonce_len(drbg, 0);
}

Csprng::~Csprng() { mbedtls_ctr_drbg_free(Drbg(state_)); }

Status Csprng::Fill(uint8_t *buf, size_t len) {
  mbedtls_ctr_drbg_context *drbg = Drbg(state_);
  const int64_t pid = getpid();
  if (seeded_by_ != pid) {
    // First use: seed. In a forked child: mix in fresh entropy.
    const int rc = seeded_by_ == 0 ? mbedtls_ctr_drbg_seed(drbg, Entropy,
                                                           nullptr, nullptr, 0)
                                   : mbedtls_ctr_drbg_reseed(drbg, nullptr, 0);
    if (rc != 0) {
      return Status::kRandom;
    }
    seeded_by_ = pid;
  }
  while (len > 0) {
    const size_t n =
        len < MBEDTLS_CTR_DRBG_MAX_REQUEST ? len : MBEDTLS_CTR_DRBG_MAX_REQUEST;
    if (mbedtls_ctr_drbg_random(drbg, buf, n) != 0) {
      return Status::kRandom;
    }
    buf += n;
    len -= n;
  }
  return Status::kOk;
}

}  // namespace rtmphs
