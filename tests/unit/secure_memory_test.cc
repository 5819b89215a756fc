// Comparison and wiping helpers for secrets.
#include "secure_memory.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>

namespace rtmphs {
namespace {

std::array<uint8_t, 64> Pattern() {
  std::array<uint8_t, 64> a{};
  for (size_t i = 0; i < a.size(); ++i) {
    a[i] = static_cast<uint8_t>(i * 7 + 3);
  }
  return a;
}

TEST(ConstantTimeEqualTest, EqualBuffersCompareEqual) {
  const auto a = Pattern();
  const auto b = Pattern();
  EXPECT_TRUE(ConstantTimeEqual(a.data(), b.data(), a.size()));
}

TEST(ConstantTimeEqualTest, DifferenceAtFirstMiddleOrLastByteIsFound) {
  const auto a = Pattern();
  for (size_t at : {size_t{0}, a.size() / 2, a.size() - 1}) {
    auto b = Pattern();
    b[at] ^= 0x01;  // a single bit
    EXPECT_FALSE(ConstantTimeEqual(a.data(), b.data(), a.size()))
        << "byte " << at;
  }
}

// Whole words and the bytes after the last one take different paths: every
// length up to 64, a difference in the lowest or highest bit of each byte.
TEST(ConstantTimeEqualTest, DifferenceAnywhereIsFoundAtEveryLength) {
  const auto a = Pattern();
  for (size_t n = 1; n <= a.size(); ++n) {
    for (size_t at = 0; at < n; ++at) {
      for (uint8_t bit : {uint8_t{0x01}, uint8_t{0x80}}) {
        auto b = Pattern();
        b[at] ^= bit;
        EXPECT_FALSE(ConstantTimeEqual(a.data(), b.data(), n))
            << "length " << n << ", byte " << at << ", bit " << int{bit};
      }
    }
    EXPECT_TRUE(ConstantTimeEqual(a.data(), Pattern().data(), n)) << n;
  }
}

TEST(ConstantTimeEqualTest, BytesPastNAreNotCompared) {
  const auto a = Pattern();
  auto b = Pattern();
  b.back() ^= 0xff;
  EXPECT_TRUE(ConstantTimeEqual(a.data(), b.data(), a.size() - 1));
}

TEST(ConstantTimeEqualTest, ZeroLengthIsEqual) {
  const auto a = Pattern();
  std::array<uint8_t, 64> b{};
  b.fill(0xff);
  EXPECT_TRUE(ConstantTimeEqual(a.data(), b.data(), 0));
}

TEST(SecureWipeTest, ZeroesExactlyTheGivenRange) {
  std::array<uint8_t, 64> buf{};
  buf.fill(0xa5);
  SecureWipe(buf.data() + 8, 32);
  for (size_t i = 0; i < buf.size(); ++i) {
    const bool inside = i >= 8 && i < 40;
    EXPECT_EQ(buf[i], inside ? 0 : 0xa5) << "byte " << i;
  }
}

TEST(SecureWipeTest, ZeroLengthChangesNothing) {
  std::array<uint8_t, 16> buf{};
  buf.fill(0x3c);
  SecureWipe(buf.data(), 0);
  for (uint8_t b : buf) {
    EXPECT_EQ(b, 0x3c);
  }
}

}  // namespace
}  // namespace rtmphs
