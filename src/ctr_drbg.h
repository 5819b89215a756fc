// CTR_DRBG (NIST SP 800-90A, 10.2.1) with AES-256 and no derivation
// function, over mbedTLS's AES: the generator behind each handle's Csprng.
// Its input is full-entropy bytes from the operating system, which is what
// lets the construction go without a derivation function (as BoringSSL's
// does). No personalization string and no additional input: the handshake
// has none to give.
#ifndef RTMPHS_CTR_DRBG_H_
#define RTMPHS_CTR_DRBG_H_

#include <cstddef>
#include <cstdint>

namespace rtmphs {

class CtrDrbg {
 public:
  // seedlen: one AES-256 key and one block.
  static constexpr size_t kSeedSize = 48;
  // SP 800-90A's limit for one Generate request (2^19 bits); longer
  // requests are served as several.
  static constexpr size_t kMaxRequest = 65536;

  CtrDrbg();   // not instantiated: call Instantiate first
  ~CtrDrbg();  // wipes the key schedule and V
  CtrDrbg(const CtrDrbg &) = delete;
  CtrDrbg &operator=(const CtrDrbg &) = delete;

  // Each returns false only when mbedTLS's AES fails, which leaves the
  // state unusable until the next Instantiate; out is wiped then. Reseed
  // and Generate need a successful Instantiate first.
  bool Instantiate(const uint8_t entropy[kSeedSize]);
  bool Reseed(const uint8_t entropy[kSeedSize]);
  bool Generate(uint8_t *out, size_t len);

 private:
  // These return mbedTLS's codes, ORed (0: every AES call succeeded), so a
  // failure is carried to the end without a branch per block.
  int Update(const uint8_t provided[kSeedSize]);
  // Writes E(Key, V+1), E(Key, V+2), ... over out[0..16 * blocks), advancing
  // V. Counters are laid down first and encrypted in place afterwards, so
  // each AES call reads a block stored long before (no store-to-load stall)
  // and the calls, independent of one another, overlap in the CPU.
  int Keystream(uint8_t *out, size_t blocks);

  // mbedTLS's context, kept out of this header (no mbedTLS type leaks into
  // the core's headers); ctr_drbg.cc checks that it fits.
  static constexpr size_t kAesSize = 288;
  alignas(16) unsigned char aes_[kAesSize];
  // V, the 128-bit counter, as two halves (big-endian when laid out).
  uint64_t v_high_ = 0;
  uint64_t v_low_ = 0;
};

}  // namespace rtmphs

#endif  // RTMPHS_CTR_DRBG_H_
