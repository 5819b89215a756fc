// SP 800-90A CTR_DRBG_Update, Instantiate, Reseed and Generate (10.2.1.2,
// 10.2.1.3.1, 10.2.1.4.1, 10.2.1.5.1) for AES-256, ctr_len = 128.
//
// Why not mbedTLS's own CTR_DRBG: it always runs the derivation function
// when seeding (about 1.4 µs a handle here), and it increments V byte by
// byte right before each AES call, so every block waits on a store; for a
// 1528-byte P1 that is twice the time of the keystream below.
#include "ctr_drbg.h"

#include <mbedtls/aes.h>

#include <cstring>
#include <new>

#include "secure_memory.h"

namespace rtmphs {
namespace {

static_assert(sizeof(mbedtls_aes_context) <= 288,
              "CtrDrbg::kAesSize must hold mbedtls_aes_context");
static_assert(alignof(mbedtls_aes_context) <= 16, "CtrDrbg::aes_ alignment");

constexpr size_t kBlock = 16;
constexpr size_t kKeySize = CtrDrbg::kSeedSize - kBlock;

mbedtls_aes_context *Aes(unsigned char *storage) {
  return std::launder(reinterpret_cast<mbedtls_aes_context *>(storage));
}

// One 8-byte store instead of eight byte stores.
void StoreBigEndian(uint64_t v, uint8_t *out) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  std::memcpy(out, &v, sizeof v);
}

uint64_t LoadBigEndian(const uint8_t *in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) {
    v = (v << 8) | in[i];
  }
  return v;
}

}  // namespace

CtrDrbg::CtrDrbg() { mbedtls_aes_init(new (aes_) mbedtls_aes_context); }

CtrDrbg::~CtrDrbg() {
  mbedtls_aes_free(Aes(aes_));  // zeroizes the key schedule
  SecureWipe(&v_high_, sizeof v_high_);
  SecureWipe(&v_low_, sizeof v_low_);
}

int CtrDrbg::Keystream(uint8_t *out, size_t blocks) {
  for (size_t i = 0; i < blocks; ++i) {
    // V = (V + 1) mod 2^128, the carry without a branch.
    v_high_ +=
        static_cast<uint64_t>(__builtin_add_overflow(v_low_, 1, &v_low_));
    StoreBigEndian(v_high_, out + i * kBlock);
    StoreBigEndian(v_low_, out + i * kBlock + 8);
  }
  int rc = 0;
  for (size_t i = 0; i < blocks; ++i) {
    uint8_t *block = out + i * kBlock;
    rc |= mbedtls_aes_crypt_ecb(Aes(aes_), MBEDTLS_AES_ENCRYPT, block, block);
  }
  return rc;
}

int CtrDrbg::Update(const uint8_t provided[kSeedSize]) {
  uint8_t temp[kSeedSize];
  int rc = Keystream(temp, kSeedSize / kBlock);
  for (size_t i = 0; i < kSeedSize; ++i) {
    temp[i] ^= provided[i];
  }
  rc |= mbedtls_aes_setkey_enc(Aes(aes_), temp, kKeySize * 8);
  v_high_ = LoadBigEndian(temp + kKeySize);
  v_low_ = LoadBigEndian(temp + kKeySize + 8);
  SecureWipe(temp, sizeof temp);
  return rc;
}

bool CtrDrbg::Instantiate(const uint8_t entropy[kSeedSize]) {
  // Key = 0^256, V = 0^128, then Update with the entropy as seed material.
  const uint8_t zero_key[kKeySize] = {};
  if (mbedtls_aes_setkey_enc(Aes(aes_), zero_key, kKeySize * 8) != 0) {
    return false;  // no key schedule yet: no AES call may follow
  }
  v_high_ = 0;
  v_low_ = 0;
  return Update(entropy) == 0;
}

bool CtrDrbg::Reseed(const uint8_t entropy[kSeedSize]) {
  return Update(entropy) == 0;
}

bool CtrDrbg::Generate(uint8_t *out, size_t len) {
  static constexpr uint8_t kNoInput[kSeedSize] = {};
  uint8_t *const start = out;
  const size_t total = len;
  int rc = 0;
  // One request per kMaxRequest bytes; a zero-length call is one empty
  // request, which still advances the state as SP 800-90A says.
  do {
    const size_t n = len < kMaxRequest ? len : kMaxRequest;
    const size_t whole = n / kBlock;
    rc |= Keystream(out, whole);
    if (n % kBlock != 0) {
      uint8_t last[kBlock];
      rc |= Keystream(last, 1);
      std::memcpy(out + whole * kBlock, last, n % kBlock);
      SecureWipe(last, sizeof last);
    }
    // Update with no additional input: backtracking resistance, so the
    // state left in the handle cannot reproduce the bytes just given.
    rc |= Update(kNoInput);
    out += n;
    len -= n;
  } while (len > 0);
  if (rc != 0) {
    SecureWipe(start, total);  // counters, or keystream from a broken state
    return false;
  }
  return true;
}

}  // namespace rtmphs
