// Reads a fuzz input front to back: fixed-size fields first, then the rest
// as payload. Reading past the end yields zeros, so every input is valid.
#ifndef RTMPHS_FUZZ_FUZZ_INPUT_H_
#define RTMPHS_FUZZ_FUZZ_INPUT_H_

#include <cstddef>
#include <cstdint>

namespace rtmphs_fuzz {

class FuzzInput {
 public:
  FuzzInput(const uint8_t *data, size_t size) : data_(data), size_(size) {}

  uint8_t U8() { return pos_ < size_ ? data_[pos_++] : 0; }

  uint32_t Be32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      v = (v << 8) | U8();
    }
    return v;
  }

  // Everything not read yet (data may be NULL when empty).
  const uint8_t *rest() const { return pos_ < size_ ? data_ + pos_ : nullptr; }
  size_t rest_size() const { return pos_ < size_ ? size_ - pos_ : 0; }

 private:
  const uint8_t *data_;
  size_t size_;
  size_t pos_ = 0;
};

// Fragmentation: up to 15 chunk-size codes, used in a cycle. Code 0 is an
// empty feed, 1..191 that many bytes, 192..255 multiples of 64 up to 4096.
class SplitPlan {
 public:
  static constexpr size_t kMaxCodes = 15;
  static constexpr size_t kEverything = SIZE_MAX;

  // One count byte (low 4 bits), then that many code bytes.
  void Read(FuzzInput *in) {
    count_ = in->U8() & 0x0fU;
    if (count_ > kMaxCodes) {
      count_ = kMaxCodes;
    }
    for (size_t i = 0; i < count_; ++i) {
      codes_[i] = in->U8();
    }
  }

  // Size of the next chunk; kEverything when no codes were given. After 16
  // empty feeds in a row it also answers kEverything, so a run always ends.
  size_t Next() {
    if (count_ == 0 || empty_streak_ > 16) {
      empty_streak_ = 0;
      return kEverything;
    }
    const uint8_t code = codes_[next_];
    next_ = (next_ + 1) % count_;
    const size_t n = code < 192 ? code : static_cast<size_t>(code - 191) * 64;
    empty_streak_ = n == 0 ? empty_streak_ + 1 : 0;
    return n;
  }

 private:
  uint8_t codes_[kMaxCodes] = {};
  size_t count_ = 0;
  size_t next_ = 0;
  size_t empty_streak_ = 0;
};

}  // namespace rtmphs_fuzz

#endif  // RTMPHS_FUZZ_FUZZ_INPUT_H_
