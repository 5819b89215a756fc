// Bytes captured from real peers (tests/vectors, see its README): the
// digest and signature code must agree with what Flash Player, SRS, FFmpeg
// and Red5 actually sent.
#include <gtest/gtest.h>

#include <vector>

#include "bytes.h"
#include "digest_scheme.h"
#include "hmac_sha256.h"
#include "test_support.h"

namespace rtmphs {
namespace {

using unit::FoundScheme;
using unit::ReadVector;
using unit::ToHex;
using unit::Verifies;

TEST(JwPlayerC1Test, HasTimeAndVersionOfTheCapture) {
  const std::vector<uint8_t> c1 = ReadVector("jwplayer_c1.bin");
  ASSERT_EQ(c1.size(), kPacketSize);
  EXPECT_EQ(LoadBe32(c1.data()), 0x00126CBBu);
  EXPECT_EQ(LoadBe32(c1.data() + 4), 0x80000702u);
}

TEST(JwPlayerC1Test, ClientDigestIsFoundInScheme1At1153) {
  const std::vector<uint8_t> c1 = ReadVector("jwplayer_c1.bin");
  ASSERT_EQ(c1.size(), kPacketSize);
  EXPECT_EQ(FoundScheme(c1.data(), Party::kClient), 1);
  EXPECT_EQ(DigestOffset(c1.data(), 1), 1153u);
  EXPECT_EQ(DigestOffset(c1.data(), 0), 234u);
}

TEST(JwPlayerC1Test, IsNotAServerDigest) {
  const std::vector<uint8_t> c1 = ReadVector("jwplayer_c1.bin");
  ASSERT_EQ(c1.size(), kPacketSize);
  EXPECT_EQ(FoundScheme(c1.data(), Party::kServer), -1);
}

TEST(SrsFlashPlayerC0C1Test, ClientDigestIsFoundInScheme1At1239) {
  const std::vector<uint8_t> c0c1 = ReadVector("srs_fp_c0c1.bin");
  ASSERT_EQ(c0c1.size(), 1 + kPacketSize);
  EXPECT_EQ(c0c1[0], 3);
  const uint8_t *c1 = c0c1.data() + 1;
  EXPECT_EQ(LoadBe32(c1), 0x000F64D0u);
  EXPECT_EQ(LoadBe32(c1 + 4), 0x80000702u);
  EXPECT_EQ(FoundScheme(c1, Party::kClient), 1);
  EXPECT_EQ(DigestOffset(c1, 1), 1239u);
}

TEST(SrsFlashPlayerC0C1Test, DigestEqualsTheOneSrsExpects) {
  const std::vector<uint8_t> c0c1 = ReadVector("srs_fp_c0c1.bin");
  const std::vector<uint8_t> digest = ReadVector("srs_fp_digest.bin");
  ASSERT_EQ(c0c1.size(), 1 + kPacketSize);
  ASSERT_EQ(digest.size(), kDigestSize);
  const uint8_t *c1 = c0c1.data() + 1;
  EXPECT_EQ(ToHex(c1 + DigestOffset(c1, 1), kDigestSize), ToHex(digest));
  uint8_t computed[kDigestSize];
  ASSERT_EQ(ComputeP1Digest(c1, 1, Party::kClient, computed), Status::kOk);
  EXPECT_EQ(ToHex(computed, sizeof computed), ToHex(digest));
}

TEST(SrsFlashPlayerC0C1Test, Scheme1KeyOffsetGivesTheKeySrsExpects) {
  const std::vector<uint8_t> c0c1 = ReadVector("srs_fp_c0c1.bin");
  const std::vector<uint8_t> key = ReadVector("srs_fp_key.bin");
  ASSERT_EQ(c0c1.size(), 1 + kPacketSize);
  ASSERT_EQ(key.size(), 128u);
  const uint8_t *c1 = c0c1.data() + 1;
  EXPECT_EQ(KeyOffset(c1, 1), 638u);
  EXPECT_EQ(ToHex(c1 + KeyOffset(c1, 1), 128), ToHex(key));
}

// The Flash Player <-> SRS transcript: three files, one session.
class SrsTranscriptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    c0c1_ = ReadVector("srs_cx_c0c1.bin");
    s0s1s2_ = ReadVector("srs_cx_s0s1s2.bin");
    c2_ = ReadVector("srs_cx_c2.bin");
    ASSERT_EQ(c0c1_.size(), 1 + kPacketSize);
    ASSERT_EQ(s0s1s2_.size(), 1 + 2 * kPacketSize);
    ASSERT_EQ(c2_.size(), kPacketSize);
  }
  const uint8_t *c1() const { return c0c1_.data() + 1; }
  const uint8_t *s1() const { return s0s1s2_.data() + 1; }
  const uint8_t *s2() const { return s0s1s2_.data() + 1 + kPacketSize; }
  const uint8_t *c2() const { return c2_.data(); }

  std::vector<uint8_t> c0c1_;
  std::vector<uint8_t> s0s1s2_;
  std::vector<uint8_t> c2_;
};

TEST_F(SrsTranscriptTest, C1DigestIsInScheme1At1005) {
  EXPECT_EQ(LoadBe32(c1() + 4), 0x80000702u);
  EXPECT_EQ(FoundScheme(c1(), Party::kClient), 1);
  EXPECT_EQ(DigestOffset(c1(), 1), 1005u);
}

TEST_F(SrsTranscriptTest, S1HasVersion04050001AndMirroredServerDigestAt1140) {
  EXPECT_EQ(s0s1s2_[0], 3);
  EXPECT_EQ(ToHex(s1() + 4, 4), "04050001");
  EXPECT_EQ(FoundScheme(s1(), Party::kServer), 1);
  EXPECT_EQ(DigestOffset(s1(), 1), 1140u);
  EXPECT_EQ(FoundScheme(s1(), Party::kClient), -1);
}

TEST_F(SrsTranscriptTest, S2SignatureVerifiesAgainstC1Digest) {
  const uint8_t *digest = c1() + DigestOffset(c1(), 1);
  EXPECT_TRUE(Verifies(s2(), digest, Party::kServer));
  EXPECT_FALSE(Verifies(s2(), digest, Party::kClient));
  EXPECT_FALSE(Verifies(s2(), s1() + DigestOffset(s1(), 1), Party::kServer));
}

TEST_F(SrsTranscriptTest, FlashPlayerC2SignatureVerifiesAgainstS1Digest) {
  const uint8_t *digest = s1() + DigestOffset(s1(), 1);
  EXPECT_TRUE(Verifies(c2(), digest, Party::kClient));
  EXPECT_FALSE(Verifies(c2(), digest, Party::kServer));
  EXPECT_FALSE(Verifies(c2(), c1() + DigestOffset(c1(), 1), Party::kClient));
}

TEST(FfmpegC0C1Test, IsTheDeterministicFfmpegOpening) {
  const std::vector<uint8_t> c0c1 = ReadVector("ffmpeg_c0c1.bin");
  ASSERT_EQ(c0c1.size(), 1 + kPacketSize);
  uint8_t sha[kSha256Size];
  ASSERT_EQ(Sha256(ByteSpan(c0c1.data(), c0c1.size()), sha), Status::kOk);
  EXPECT_EQ(ToHex(sha, 8), "0a95cb7194f06f14");
  EXPECT_EQ(c0c1[0], 3);
  EXPECT_EQ(ToHex(c0c1.data() + 1, 16), "0000000009007c02f778551eceab8e1e");
  EXPECT_EQ(ToHex(c0c1.data() + c0c1.size() - 8, 8), "ce509694afbeabe0");
}

TEST(FfmpegC0C1Test, ClientDigestIsInScheme0At494) {
  const std::vector<uint8_t> c0c1 = ReadVector("ffmpeg_c0c1.bin");
  ASSERT_EQ(c0c1.size(), 1 + kPacketSize);
  const uint8_t *c1 = c0c1.data() + 1;
  EXPECT_EQ(LoadBe32(c1), 0u);
  EXPECT_EQ(LoadBe32(c1 + 4), 0x09007C02u);
  EXPECT_EQ(FoundScheme(c1, Party::kClient), 0);
  EXPECT_EQ(DigestOffset(c1, 0), 494u);
  EXPECT_EQ(ToHex(c1 + 494, 8), "650bfb9b65f953d8");
}

TEST(Red5FfmpegC2Test, IsAnEchoOfAnS1WithServerDigestInScheme1At810) {
  const std::vector<uint8_t> c2 = ReadVector("red5_ffmpeg3C2.bin");
  ASSERT_EQ(c2.size(), kPacketSize);
  EXPECT_EQ(LoadBe32(c2.data() + 4), 0x04000001u);
  EXPECT_EQ(FoundScheme(c2.data(), Party::kServer), 1);
  EXPECT_EQ(DigestOffset(c2.data(), 1), 810u);
}

}  // namespace
}  // namespace rtmphs
