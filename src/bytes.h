// Byte views and big-endian helpers (a C++17 stand-in for std::span).
#ifndef RTMPHS_BYTES_H_
#define RTMPHS_BYTES_H_

#include <cstddef>
#include <cstdint>

namespace rtmphs {

struct ByteSpan {
  const uint8_t *data = nullptr;
  size_t size = 0;

  constexpr ByteSpan() = default;
  constexpr ByteSpan(const uint8_t *d, size_t n) : data(d), size(n) {}
};

inline uint32_t LoadBe32(const uint8_t *p) {
  return (static_cast<uint32_t>(p[0]) << 24) |
         (static_cast<uint32_t>(p[1]) << 16) |
         (static_cast<uint32_t>(p[2]) << 8) | static_cast<uint32_t>(p[3]);
}

inline void StoreBe32(uint8_t *p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}

}  // namespace rtmphs

#endif  // RTMPHS_BYTES_H_
