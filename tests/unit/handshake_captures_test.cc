// rtmphs::Handshake fed bytes that real peers sent: FFmpeg's fixed C0C1 and
// the Flash Player <-> SRS transcript. Our answers must be ones those peers
// accept, and a P2 that does not answer our P1 must not count as verified.
#include <gtest/gtest.h>

#include <vector>

#include "bytes.h"
#include "digest_scheme.h"
#include "handshake.h"
#include "test_support.h"

namespace rtmphs {
namespace {

using unit::FoundScheme;
using unit::ReadVector;
using unit::ToHex;
using unit::Verifies;

std::vector<uint8_t> DrainAll(Handshake &hs) {
  std::vector<uint8_t> out(hs.Pending());
  out.resize(hs.Drain(out.data(), out.size()));
  return out;
}

class ServerFedFfmpegTest : public ::testing::Test {
 protected:
  void SetUp() override {
    c0c1_ = ReadVector("ffmpeg_c0c1.bin");
    ASSERT_EQ(c0c1_.size(), kP1End);
    size_t consumed = 0;
    ASSERT_EQ(server_.Feed(c0c1_.data(), c0c1_.size(), &consumed), Status::kOk);
    ASSERT_EQ(consumed, kP1End);
    reply_ = DrainAll(server_);
    ASSERT_EQ(reply_.size(), kFlightSize);
  }
  const uint8_t *c1() const { return c0c1_.data() + 1; }
  const uint8_t *s1() const { return reply_.data() + 1; }
  const uint8_t *s2() const { return reply_.data() + kP1End; }

  std::vector<uint8_t> c0c1_;
  std::vector<uint8_t> reply_;
  Handshake server_{Role::kServer};
};

TEST_F(ServerFedFfmpegTest, RecognisesFfmpegsScheme0DigestC1) {
  EXPECT_EQ(server_.mode(), Mode::kDigest);
  EXPECT_EQ(server_.peer_scheme(), 0);
  EXPECT_EQ(server_.peer_version(), 0x09007C02u);
  EXPECT_EQ(server_.peer_time(), 0u);
  EXPECT_EQ(server_.peer_p0(), 3);
  EXPECT_EQ(server_.state(), State::kInProgress);
}

TEST_F(ServerFedFfmpegTest, S1IsOneFfmpegValidates) {
  // FFmpeg validates when S1[4] >= 3, looking in both schemes.
  EXPECT_EQ(reply_[0], 3);
  EXPECT_GE(s1()[4], 3);
  EXPECT_EQ(LoadBe32(s1() + 4), kDefaultServerVersion);
  EXPECT_EQ(FoundScheme(s1(), Party::kServer), 0);
}

TEST_F(ServerFedFfmpegTest, S2SignatureIsValidForFfmpegsDigest) {
  EXPECT_TRUE(Verifies(s2(), c1() + 494, Party::kServer));
}

TEST_F(ServerFedFfmpegTest, PublisherEchoOfS1AsC2CompletesVerified) {
  // FFmpeg publishing sends C2 = exact copy of S1 (PROTOCOL.md 4.7).
  size_t consumed = 0;
  ASSERT_EQ(server_.Feed(s1(), kPacketSize, &consumed), Status::kOk);
  EXPECT_EQ(consumed, kPacketSize);
  EXPECT_EQ(server_.state(), State::kDone);
  EXPECT_TRUE(server_.peer_verified());
}

class SrsTranscriptHandshakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    c0c1_ = ReadVector("srs_cx_c0c1.bin");
    s0s1s2_ = ReadVector("srs_cx_s0s1s2.bin");
    c2_ = ReadVector("srs_cx_c2.bin");
    ASSERT_EQ(c0c1_.size(), kP1End);
    ASSERT_EQ(s0s1s2_.size(), kFlightSize);
    ASSERT_EQ(c2_.size(), kPacketSize);
  }
  const uint8_t *srs_s1() const { return s0s1s2_.data() + 1; }

  std::vector<uint8_t> c0c1_;
  std::vector<uint8_t> s0s1s2_;
  std::vector<uint8_t> c2_;
};

TEST_F(SrsTranscriptHandshakeTest, ServerMirrorsFlashPlayersScheme1) {
  Handshake server(Role::kServer);
  size_t consumed = 0;
  ASSERT_EQ(server.Feed(c0c1_.data(), c0c1_.size(), &consumed), Status::kOk);
  EXPECT_EQ(server.mode(), Mode::kDigest);
  EXPECT_EQ(server.peer_scheme(), 1);
  EXPECT_EQ(server.peer_version(), 0x80000702u);
  const std::vector<uint8_t> reply = DrainAll(server);
  ASSERT_EQ(reply.size(), kFlightSize);
  EXPECT_EQ(FoundScheme(reply.data() + 1, Party::kServer), 1);
  const uint8_t *c1 = c0c1_.data() + 1;
  EXPECT_TRUE(Verifies(reply.data() + kP1End, c1 + DigestOffset(c1, 1),
                       Party::kServer));
}

TEST_F(SrsTranscriptHandshakeTest, C2ForAnotherS1CompletesUnverified) {
  // The captured C2 answers SRS's S1, not our random one.
  Handshake server(Role::kServer);
  size_t consumed = 0;
  ASSERT_EQ(server.Feed(c0c1_.data(), c0c1_.size(), &consumed), Status::kOk);
  ASSERT_EQ(server.Feed(c2_.data(), c2_.size(), &consumed), Status::kOk);
  EXPECT_EQ(consumed, kPacketSize);
  EXPECT_EQ(server.state(), State::kDone);
  EXPECT_FALSE(server.peer_verified());
}

TEST_F(SrsTranscriptHandshakeTest, C2ForAnotherS1FailsUnderVerifyP2) {
  Handshake server(Role::kServer);
  ASSERT_EQ(server.SetFlags(kVerifyP2), Status::kOk);
  size_t consumed = 0;
  ASSERT_EQ(server.Feed(c0c1_.data(), c0c1_.size(), &consumed), Status::kOk);
  EXPECT_EQ(server.Feed(c2_.data(), c2_.size(), &consumed), Status::kSignature);
  EXPECT_EQ(server.state(), State::kFailed);
  EXPECT_EQ(server.error(), Status::kSignature);
  EXPECT_FALSE(server.peer_verified());
  EXPECT_EQ(server.Feed(c2_.data(), c2_.size(), &consumed), Status::kSignature);
  EXPECT_EQ(consumed, 0u);
}

TEST_F(SrsTranscriptHandshakeTest, ClientSignsC2ForSrsS1InScheme1) {
  Handshake client(Role::kClient);
  ASSERT_EQ(client.SetTime(0x0000ABCD), Status::kOk);
  ASSERT_EQ(client.Start(), Status::kOk);
  DrainAll(client);
  size_t consumed = 0;
  ASSERT_EQ(client.Feed(s0s1s2_.data(), s0s1s2_.size(), &consumed),
            Status::kOk);
  EXPECT_EQ(consumed, kFlightSize);
  EXPECT_EQ(client.mode(), Mode::kDigest);
  EXPECT_EQ(client.peer_scheme(), 1);
  EXPECT_EQ(ToHex(srs_s1() + 4, 4), "04050001");
  EXPECT_EQ(client.peer_version(), 0x04050001u);
  const std::vector<uint8_t> c2 = DrainAll(client);
  ASSERT_EQ(c2.size(), kPacketSize);
  EXPECT_TRUE(Verifies(c2.data(), srs_s1() + DigestOffset(srs_s1(), 1),
                       Party::kClient));
  EXPECT_EQ(ToHex(c2.data(), 4), ToHex(srs_s1(), 4));
  EXPECT_EQ(LoadBe32(c2.data() + 4), 0x0000ABCDu);
}

TEST_F(SrsTranscriptHandshakeTest, S2ForAnotherC1CompletesUnverified) {
  Handshake client(Role::kClient);
  size_t consumed = 0;
  ASSERT_EQ(client.Feed(s0s1s2_.data(), s0s1s2_.size(), &consumed),
            Status::kOk);
  EXPECT_EQ(client.state(), State::kDone);
  EXPECT_FALSE(client.peer_verified());
}

TEST_F(SrsTranscriptHandshakeTest, S2ForAnotherC1FailsUnderVerifyP2) {
  Handshake client(Role::kClient);
  ASSERT_EQ(client.SetFlags(kVerifyP2), Status::kOk);
  ASSERT_EQ(client.Start(), Status::kOk);
  DrainAll(client);
  size_t consumed = 0;
  EXPECT_EQ(client.Feed(s0s1s2_.data(), s0s1s2_.size(), &consumed),
            Status::kSignature);
  EXPECT_EQ(client.state(), State::kFailed);
  EXPECT_EQ(client.Pending(), 0u);  // C2 discarded with the failure
}

}  // namespace
}  // namespace rtmphs
