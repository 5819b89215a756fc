// The options block at the front of every fuzz input: which flags, version,
// time, scheme and random seed a handle gets. fuzz/make_corpus.py writes the
// same layout (keep the two in step).
//
//   byte 0     option bits (kOpt* below)
//   byte 1     scheme: value % 3 -> AUTO, 0, 1; encryption: value / 3,
//              client: % 4 -> none, 6, 8, 9; server: % 8 -> a mask, bit 0
//              accepting 6, bit 1 8, bit 2 9 (old seeds, 0..2, stay plain)
//   bytes 2-5  time (big-endian), always set
//   bytes 6-9  version (big-endian), set only with kOptSetVersion
//   bytes 10-13 seed of the deterministic random source
#ifndef RTMPHS_FUZZ_HANDLE_OPTIONS_H_
#define RTMPHS_FUZZ_HANDLE_OPTIONS_H_

#include <cstdint>

#include "fuzz_check.h"
#include "fuzz_input.h"
#include "fuzz_random.h"
#include "rtmp_handshake.h"

namespace rtmphs_fuzz {

constexpr uint8_t kOptRequireDigest = 1U << 0;   // RTMP_HS_REQUIRE_DIGEST
constexpr uint8_t kOptVerifyP2 = 1U << 1;        // RTMP_HS_VERIFY_P2
constexpr uint8_t kOptSetVersion = 1U << 2;      // else the role's default
constexpr uint8_t kOptExplicitStart = 1U << 3;   // rtmp_hs_start() first
constexpr uint8_t kOptRandomFails = 1U << 4;     // one random call fails
constexpr uint8_t kOptFailSecondCall = 1U << 5;  // ... the 2nd, not the 1st
constexpr uint8_t kOptLazyDrain = 1U << 6;       // drain one buffer per feed
constexpr uint8_t kOptProbeArgs = 1U << 7;  // bad-argument calls in between

constexpr uint32_t kDefaultClientVersion = 0x80000702U;
constexpr uint32_t kDefaultServerVersion = 0x04050001U;

struct HandleOptions {
  uint8_t bits = 0;
  int scheme = RTMP_HS_SCHEME_AUTO;
  uint32_t time = 0;
  uint32_t version = 0;  // effective: the set one or the role's default
  uint32_t seed = 0;
  int encryption = 0;  // rtmp_hs_set_encryption: a type, or a server's mask

  bool Has(uint8_t bit) const { return (bits & bit) != 0; }
  uint32_t flags() const {
    return (Has(kOptRequireDigest) ? RTMP_HS_REQUIRE_DIGEST : 0U) |
           (Has(kOptVerifyP2) ? RTMP_HS_VERIFY_P2 : 0U);
  }
  int fail_call() const {
    if (!Has(kOptRandomFails)) {
      return FuzzRandom::kNeverFail;
    }
    return Has(kOptFailSecondCall) ? 1 : 0;
  }

  static HandleOptions Read(FuzzInput *in, int role) {
    HandleOptions o;
    o.bits = in->U8();
    const uint8_t scheme_byte = in->U8();
    o.scheme = static_cast<int>(scheme_byte % 3) - 1;
    const int choice = scheme_byte / 3;
    if (role == RTMP_HS_CLIENT) {
      static const int kTypes[4] = {0, 6, 8, 9};
      o.encryption = kTypes[choice % 4];
    } else {
      o.encryption = ((choice & 1) != 0 ? 1 << 6 : 0) |
                     ((choice & 2) != 0 ? 1 << 8 : 0) |
                     ((choice & 4) != 0 ? 1 << 9 : 0);
    }
    o.time = in->Be32();
    const uint32_t version = in->Be32();
    o.seed = in->Be32();
    if (o.Has(kOptSetVersion)) {
      o.version = version;
    } else {
      o.version = role == RTMP_HS_CLIENT ? kDefaultClientVersion
                                         : kDefaultServerVersion;
    }
    return o;
  }

  // Applies every option; each setter must accept it on a fresh handle.
  void Apply(rtmp_hs *hs, FuzzRandom *random) const {
    FUZZ_CHECK(rtmp_hs_set_random(hs, FuzzRandom::Fill, random) == RTMP_HS_OK);
    FUZZ_CHECK(rtmp_hs_set_flags(hs, flags()) == RTMP_HS_OK);
    FUZZ_CHECK(rtmp_hs_set_scheme(hs, scheme) == RTMP_HS_OK);
    FUZZ_CHECK(rtmp_hs_set_time(hs, time) == RTMP_HS_OK);
    if (Has(kOptSetVersion)) {
      FUZZ_CHECK(rtmp_hs_set_version(hs, version) == RTMP_HS_OK);
    }
    FUZZ_CHECK(rtmp_hs_set_encryption(hs, encryption) == RTMP_HS_OK);
  }

  // Whether a peer P0 of p0 agrees on an encrypted handshake with us.
  bool AgreesOn(int role, uint8_t p0) const {
    const bool rtmpe = p0 == 6 || p0 == 8 || p0 == 9;
    if (role == RTMP_HS_SERVER) {
      return rtmpe && (encryption & (1 << p0)) != 0;
    }
    return rtmpe && encryption != 0;  // a client follows S0's type
  }
};

// After start, a feed or a failure every valid option is refused with
// RTMP_HS_ERR_STATE.
inline void CheckOptionsLocked(rtmp_hs *hs, FuzzRandom *random) {
  FUZZ_CHECK(rtmp_hs_set_version(hs, 0) == RTMP_HS_ERR_STATE);
  FUZZ_CHECK(rtmp_hs_set_time(hs, 1) == RTMP_HS_ERR_STATE);
  FUZZ_CHECK(rtmp_hs_set_scheme(hs, 0) == RTMP_HS_ERR_STATE);
  FUZZ_CHECK(rtmp_hs_set_flags(hs, 0) == RTMP_HS_ERR_STATE);
  FUZZ_CHECK(rtmp_hs_set_random(hs, FuzzRandom::Fill, random) ==
             RTMP_HS_ERR_STATE);
  FUZZ_CHECK(rtmp_hs_set_encryption(hs, 0) == RTMP_HS_ERR_STATE);
}

}  // namespace rtmphs_fuzz

#endif  // RTMPHS_FUZZ_HANDLE_OPTIONS_H_
