// Where the digest and the DH key sit in each scheme (PROTOCOL.md 4.2):
// offsets are sums of four unsigned bytes, never 32-bit integers, and every
// result stays inside its block.
#include <gtest/gtest.h>

#include <cstddef>

#include "digest_scheme.h"
#include "test_support.h"

namespace rtmphs {
namespace {

using unit::MakeTestPacketT;
using unit::Packet;

// First offset byte of each field.
constexpr size_t kDigestOffsetBytes[2] = {8, 772};
constexpr size_t kKeyOffsetBytes[2] = {1532, 768};

void SetOffsetBytes(Packet &p, size_t at, uint8_t a, uint8_t b, uint8_t c,
                    uint8_t d) {
  p[at] = a;
  p[at + 1] = b;
  p[at + 2] = c;
  p[at + 3] = d;
}

// Spreads sum over four bytes, as evenly as they allow.
void SetOffsetSum(Packet &p, size_t at, size_t sum) {
  for (size_t i = 0; i < 4; ++i) {
    const size_t share = sum / (4 - i);
    p[at + i] = static_cast<uint8_t>(share);
    sum -= share;
  }
}

TEST(DigestOffsetTest, TestPacketTGivesPublishedOffsets) {
  const Packet t = MakeTestPacketT();
  EXPECT_EQ(DigestOffset(t.data(), 0), 50u);
  EXPECT_EQ(DigestOffset(t.data(), 1), 798u);
}

TEST(KeyOffsetTest, TestPacketTGivesPublishedOffsets) {
  const Packet t = MakeTestPacketT();
  EXPECT_EQ(KeyOffset(t.data(), 0), 1154u);
  EXPECT_EQ(KeyOffset(t.data(), 1), 14u);
}

TEST(DigestOffsetTest, AllOffsetBytesFFSumAsUnsignedBytes) {
  Packet p{};
  p.fill(0xff);
  EXPECT_EQ(DigestOffset(p.data(), 0), 304u);   // 1020 % 728 + 12
  EXPECT_EQ(DigestOffset(p.data(), 1), 1068u);  // 1020 % 728 + 776
}

TEST(KeyOffsetTest, AllOffsetBytesFFSumAsUnsignedBytes) {
  Packet p{};
  p.fill(0xff);
  EXPECT_EQ(KeyOffset(p.data(), 0), 1160u);  // 1020 % 632 + 772
  EXPECT_EQ(KeyOffset(p.data(), 1), 396u);   // 1020 % 632 + 8
}

TEST(DigestOffsetTest, AllZeroPacketGivesBlockStarts) {
  const Packet p{};
  EXPECT_EQ(DigestOffset(p.data(), 0), 12u);
  EXPECT_EQ(DigestOffset(p.data(), 1), 776u);
}

TEST(KeyOffsetTest, AllZeroPacketGivesBlockStarts) {
  const Packet p{};
  EXPECT_EQ(KeyOffset(p.data(), 0), 772u);
  EXPECT_EQ(KeyOffset(p.data(), 1), 8u);
}

TEST(DigestOffsetTest, DependsOnTheSumNotTheByteOrder) {
  for (int scheme = 0; scheme <= 1; ++scheme) {
    Packet first{};
    Packet last{};
    SetOffsetBytes(first, kDigestOffsetBytes[scheme], 0xff, 0, 0, 0);
    SetOffsetBytes(last, kDigestOffsetBytes[scheme], 0, 0, 0, 0xff);
    EXPECT_EQ(DigestOffset(first.data(), scheme),
              DigestOffset(last.data(), scheme))
        << "scheme " << scheme;
    EXPECT_EQ(DigestOffset(first.data(), scheme),
              255u + (scheme == 0 ? 12u : 776u));
  }
}

TEST(KeyOffsetTest, DependsOnTheSumNotTheByteOrder) {
  for (int scheme = 0; scheme <= 1; ++scheme) {
    Packet first{};
    Packet last{};
    SetOffsetBytes(first, kKeyOffsetBytes[scheme], 0xff, 0, 0, 0);
    SetOffsetBytes(last, kKeyOffsetBytes[scheme], 0, 0, 0, 0xff);
    EXPECT_EQ(KeyOffset(first.data(), scheme), KeyOffset(last.data(), scheme))
        << "scheme " << scheme;
    EXPECT_EQ(KeyOffset(first.data(), scheme),
              255u + (scheme == 0 ? 772u : 8u));
  }
}

TEST(DigestOffsetTest, ReadsOnlyItsOwnSchemesOffsetBytes) {
  Packet p{};
  SetOffsetBytes(p, kDigestOffsetBytes[1], 9, 9, 9, 9);
  SetOffsetBytes(p, kKeyOffsetBytes[0], 9, 9, 9, 9);
  SetOffsetBytes(p, kKeyOffsetBytes[1], 9, 9, 9, 9);
  EXPECT_EQ(DigestOffset(p.data(), 0), 12u);
  p = Packet{};
  SetOffsetBytes(p, kDigestOffsetBytes[0], 9, 9, 9, 9);
  SetOffsetBytes(p, kKeyOffsetBytes[0], 9, 9, 9, 9);
  SetOffsetBytes(p, kKeyOffsetBytes[1], 9, 9, 9, 9);
  EXPECT_EQ(DigestOffset(p.data(), 1), 776u);
}

TEST(DigestOffsetTest, EverySumGivesFormulaValueInsideTheDigestBlock) {
  for (size_t sum = 0; sum <= 4 * 255; ++sum) {
    Packet p{};
    SetOffsetSum(p, kDigestOffsetBytes[0], sum);
    SetOffsetSum(p, kDigestOffsetBytes[1], sum);
    const size_t d0 = DigestOffset(p.data(), 0);
    const size_t d1 = DigestOffset(p.data(), 1);
    EXPECT_EQ(d0, sum % 728 + 12) << "sum " << sum;
    EXPECT_EQ(d1, sum % 728 + 776) << "sum " << sum;
    // Past the offset bytes, and the last digest byte inside the block.
    EXPECT_GE(d0, 12u);
    EXPECT_LE(d0 + kDigestSize - 1, 770u) << "sum " << sum;
    EXPECT_GE(d1, 776u);
    EXPECT_LE(d1 + kDigestSize - 1, 1534u) << "sum " << sum;
  }
}

TEST(KeyOffsetTest, EverySumGivesFormulaValueInsideTheKeyBlock) {
  constexpr size_t kKeySize = 128;
  for (size_t sum = 0; sum <= 4 * 255; ++sum) {
    Packet p{};
    SetOffsetSum(p, kKeyOffsetBytes[0], sum);
    SetOffsetSum(p, kKeyOffsetBytes[1], sum);
    const size_t k0 = KeyOffset(p.data(), 0);
    const size_t k1 = KeyOffset(p.data(), 1);
    EXPECT_EQ(k0, sum % 632 + 772) << "sum " << sum;
    EXPECT_EQ(k1, sum % 632 + 8) << "sum " << sum;
    // Inside the block and before its four offset bytes.
    EXPECT_GE(k0, 772u);
    EXPECT_LE(k0 + kKeySize - 1, 1530u) << "sum " << sum;
    EXPECT_GE(k1, 8u);
    EXPECT_LE(k1 + kKeySize - 1, 766u) << "sum " << sum;
  }
}

TEST(DigestOffsetTest, NoByteCombinationLeavesTheDigestBlock) {
  // Every value of one offset byte against a sweep of the other three.
  for (int scheme = 0; scheme <= 1; ++scheme) {
    const size_t at = kDigestOffsetBytes[scheme];
    const size_t block_end = scheme == 0 ? 770 : 1534;
    for (unsigned a = 0; a < 256; ++a) {
      for (unsigned rest = 0; rest < 256; rest += 5) {
        Packet p{};
        SetOffsetBytes(p, at, static_cast<uint8_t>(a),
                       static_cast<uint8_t>(rest), static_cast<uint8_t>(~rest),
                       static_cast<uint8_t>(rest ^ a));
        const size_t d = DigestOffset(p.data(), scheme);
        ASSERT_GE(d, at + 4);
        ASSERT_LE(d + kDigestSize - 1, block_end);
      }
    }
  }
}

}  // namespace
}  // namespace rtmphs
