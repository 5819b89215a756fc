// A deterministic random source for rtmp_hs_set_random(), so every fuzz
// input replays byte-for-byte and make_corpus.py can predict what the
// library writes. Bytes come from an optional pool (part of the fuzz input,
// so the fuzzer steers e.g. the digest offset bytes), then from an LCG
// (Knuth's MMIX constants), one output byte (the top 8 bits) per step.
// Optionally fails one call, to reach RTMP_HS_ERR_RANDOM.
#ifndef RTMPHS_FUZZ_FUZZ_RANDOM_H_
#define RTMPHS_FUZZ_FUZZ_RANDOM_H_

#include <cstddef>
#include <cstdint>

namespace rtmphs_fuzz {

class FuzzRandom {
 public:
  static constexpr int kNeverFail = -1;

  explicit FuzzRandom(uint64_t seed, int fail_call = kNeverFail,
                      const uint8_t *pool = nullptr, size_t pool_size = 0)
      : state_(seed),
        fail_call_(fail_call),
        pool_(pool),
        pool_size_(pool_size) {}

  // Matches rtmp_hs_random_fn; ctx is a FuzzRandom.
  static int Fill(void *ctx, uint8_t *buf, size_t len) {
    auto *self = static_cast<FuzzRandom *>(ctx);
    const int call = self->calls_++;
    if (call == self->fail_call_) {
      self->failed_ = true;
      return -1;
    }
    for (size_t i = 0; i < len; ++i) {
      buf[i] = self->NextByte();
    }
    return 0;
  }

  uint8_t NextByte() {
    if (pool_pos_ < pool_size_) {
      return pool_[pool_pos_++];
    }
    state_ = state_ * 6364136223846793005U + 1442695040888963407U;
    return static_cast<uint8_t>(state_ >> 56);
  }

  bool failed() const { return failed_; }

 private:
  uint64_t state_;
  int fail_call_;
  const uint8_t *pool_;
  size_t pool_size_;
  size_t pool_pos_ = 0;
  int calls_ = 0;
  bool failed_ = false;
};

}  // namespace rtmphs_fuzz

#endif  // RTMPHS_FUZZ_FUZZ_RANDOM_H_
