#include "rtmpe/diffie_hellman.h"

#include "rtmpe/mbedtls_config.h"
#include "secure_memory.h"

#if defined(MBEDTLS_BIGNUM_C)
#include <mbedtls/bignum.h>
#endif

namespace rtmphs {
namespace {

// p: RFC 2409's 1024-bit MODP prime ("Second Oakley Group").
constexpr uint8_t kPrime[kDhKeySize] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc9, 0x0f, 0xda, 0xa2,
    0x21, 0x68, 0xc2, 0x34, 0xc4, 0xc6, 0x62, 0x8b, 0x80, 0xdc, 0x1c, 0xd1,
    0x29, 0x02, 0x4e, 0x08, 0x8a, 0x67, 0xcc, 0x74, 0x02, 0x0b, 0xbe, 0xa6,
    0x3b, 0x13, 0x9b, 0x22, 0x51, 0x4a, 0x08, 0x79, 0x8e, 0x34, 0x04, 0xdd,
    0xef, 0x95, 0x19, 0xb3, 0xcd, 0x3a, 0x43, 0x1b, 0x30, 0x2b, 0x0a, 0x6d,
    0xf2, 0x5f, 0x14, 0x37, 0x4f, 0xe1, 0x35, 0x6d, 0x6d, 0x51, 0xc2, 0x45,
    0xe4, 0x85, 0xb5, 0x76, 0x62, 0x5e, 0x7e, 0xc6, 0xf4, 0x4c, 0x42, 0xe9,
    0xa6, 0x37, 0xed, 0x6b, 0x0b, 0xff, 0x5c, 0xb6, 0xf4, 0x06, 0xb7, 0xed,
    0xee, 0x38, 0x6b, 0xfb, 0x5a, 0x89, 0x9f, 0xa5, 0xae, 0x9f, 0x24, 0x11,
    0x7c, 0x4b, 0x1f, 0xe6, 0x49, 0x28, 0x66, 0x51, 0xec, 0xe6, 0x53, 0x81,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

// q = (p - 1) / 2, the order of the subgroup that g = 2 generates.
constexpr uint8_t kSubgroupOrder[kDhKeySize] = {
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xe4, 0x87, 0xed, 0x51,
    0x10, 0xb4, 0x61, 0x1a, 0x62, 0x63, 0x31, 0x45, 0xc0, 0x6e, 0x0e, 0x68,
    0x94, 0x81, 0x27, 0x04, 0x45, 0x33, 0xe6, 0x3a, 0x01, 0x05, 0xdf, 0x53,
    0x1d, 0x89, 0xcd, 0x91, 0x28, 0xa5, 0x04, 0x3c, 0xc7, 0x1a, 0x02, 0x6e,
    0xf7, 0xca, 0x8c, 0xd9, 0xe6, 0x9d, 0x21, 0x8d, 0x98, 0x15, 0x85, 0x36,
    0xf9, 0x2f, 0x8a, 0x1b, 0xa7, 0xf0, 0x9a, 0xb6, 0xb6, 0xa8, 0xe1, 0x22,
    0xf2, 0x42, 0xda, 0xbb, 0x31, 0x2f, 0x3f, 0x63, 0x7a, 0x26, 0x21, 0x74,
    0xd3, 0x1b, 0xf6, 0xb5, 0x85, 0xff, 0xae, 0x5b, 0x7a, 0x03, 0x5b, 0xf6,
    0xf7, 0x1c, 0x35, 0xfd, 0xad, 0x44, 0xcf, 0xd2, 0xd7, 0x4f, 0x92, 0x08,
    0xbe, 0x25, 0x8f, 0xf3, 0x24, 0x94, 0x33, 0x28, 0xf6, 0x73, 0x29, 0xc0,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

constexpr uint8_t kGenerator = 2;
constexpr size_t kPrivateBytes = 127;  // 1016 bits, as FFmpeg draws them

// a < b for two 128-byte big-endian numbers (public values: no need for
// constant time).
bool Less(const uint8_t *a, const uint8_t *b) {
  for (size_t i = 0; i < kDhKeySize; ++i) {
    if (a[i] != b[i]) {
      return a[i] < b[i];
    }
  }
  return false;
}

// 2 <= y <= p - 2, i.e. 1 < y < p - 1.
bool InRange(const uint8_t y[kDhKeySize]) {
  uint8_t one[kDhKeySize] = {};
  one[kDhKeySize - 1] = 1;
  uint8_t p_minus_1[kDhKeySize];
  for (size_t i = 0; i < kDhKeySize; ++i) {
    p_minus_1[i] = kPrime[i];
  }
  p_minus_1[kDhKeySize - 1] = 0xfe;  // p ends in 0xff: no borrow
  return Less(one, y) && Less(y, p_minus_1);
}

bool IsOne(const uint8_t v[kDhKeySize]) {
  auto diff = static_cast<uint8_t>(v[kDhKeySize - 1] ^ 1);
  for (size_t i = 0; i + 1 < kDhKeySize; ++i) {
    diff = static_cast<uint8_t>(diff | v[i]);
  }
  return diff == 0;
}

// out = base^exp mod p, written as exactly 128 bytes (mbedtls_mpi_write_binary
// left-pads to the buffer's length, unlike mbedtls_dhm_calc_secret, which
// returns the minimal length).
Status ModExp(const uint8_t *base, size_t base_len, const uint8_t *exp,
              size_t exp_len, uint8_t out[kDhKeySize]) {
#if defined(MBEDTLS_BIGNUM_C)
  mbedtls_mpi b;
  mbedtls_mpi e;
  mbedtls_mpi m;
  mbedtls_mpi r;
  mbedtls_mpi_init(&b);
  mbedtls_mpi_init(&e);
  mbedtls_mpi_init(&m);
  mbedtls_mpi_init(&r);
  int rc = mbedtls_mpi_read_binary(&b, base, base_len);
  if (rc == 0) {
    rc = mbedtls_mpi_read_binary(&e, exp, exp_len);
  }
  if (rc == 0) {
    rc = mbedtls_mpi_read_binary(&m, kPrime, sizeof kPrime);
  }
  if (rc == 0) {
    rc = mbedtls_mpi_exp_mod(&r, &b, &e, &m, nullptr);
  }
  if (rc == 0) {
    rc = mbedtls_mpi_write_binary(&r, out, kDhKeySize);
  }
  // mbedtls_mpi_free zeroizes the limbs before freeing them.
  mbedtls_mpi_free(&b);
  mbedtls_mpi_free(&e);
  mbedtls_mpi_free(&m);
  mbedtls_mpi_free(&r);
  return rc == 0 ? Status::kOk : Status::kCrypto;
#else
  (void)base;
  (void)base_len;
  (void)exp;
  (void)exp_len;
  (void)out;
  return Status::kUnsupported;
#endif
}

}  // namespace

Status CheckDhPublicKey(const uint8_t y[kDhKeySize]) {
  if (!InRange(y)) {
    return Status::kDh;
  }
  // Random bytes pass y^q = 1 only half the time: this catches a key read
  // from the wrong place as well as a hostile one.
  uint8_t power[kDhKeySize];
  const Status s =
      ModExp(y, kDhKeySize, kSubgroupOrder, sizeof kSubgroupOrder, power);
  if (s != Status::kOk) {
    return s;
  }
  return IsOne(power) ? Status::kOk : Status::kDh;
}

Status DiffieHellman::Generate(RandomSource &random, uint8_t pub[kDhKeySize]) {
  Clear();
  const Status s =
      random.Fill(private_ + kDhKeySize - kPrivateBytes, kPrivateBytes);
  if (s != Status::kOk) {
    return s;
  }
  private_[kDhKeySize - kPrivateBytes] |= 0x80;
  return DerivePublic(pub);
}

Status DiffieHellman::SetPrivate(const uint8_t *x, size_t len,
                                 uint8_t pub[kDhKeySize]) {
  if (len > kDhKeySize) {
    return Status::kArg;
  }
  Clear();
  for (size_t i = 0; i < len; ++i) {
    private_[kDhKeySize - len + i] = x[i];
  }
  return DerivePublic(pub);
}

Status DiffieHellman::DerivePublic(uint8_t pub[kDhKeySize]) const {
  const Status s = ModExp(&kGenerator, 1, private_, kDhKeySize, pub);
  if (s != Status::kOk) {
    return s;
  }
  // Our own key obeys the rule we hold the peer to (an exponent of 0 or a
  // multiple of q would give 1).
  return InRange(pub) ? Status::kOk : Status::kDh;
}

Status DiffieHellman::ComputeSecret(const uint8_t peer[kDhKeySize],
                                    uint8_t secret[kDhKeySize]) const {
  const Status s = CheckDhPublicKey(peer);
  if (s != Status::kOk) {
    return s;
  }
  return ModExp(peer, kDhKeySize, private_, kDhKeySize, secret);
}

void DiffieHellman::Clear() { SecureWipe(private_, sizeof private_); }

}  // namespace rtmphs
