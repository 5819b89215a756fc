// rtmphs::Handshake driven in memory: our client against our server in each
// mode, what each message contains, reproducibility with a fixed random
// source, and the input rules (P0, consumption, options).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bytes.h"
#include "digest_scheme.h"
#include "handshake.h"
#include "rtmpe/signature_transform.h"
#include "test_support.h"

namespace rtmphs {
namespace {

using unit::CountingRandom;
using unit::FoundScheme;
using unit::P1Of;
using unit::P2Of;
using unit::RunExchange;
using unit::ToHex;
using unit::Transcript;

constexpr size_t kWholeFlights = 1 << 16;

std::vector<uint8_t> DrainAll(Handshake &hs) {
  std::vector<uint8_t> out(hs.Pending());
  out.resize(hs.Drain(out.data(), out.size()));
  return out;
}

// Both sides finished and sent a full flight each.
void ExpectCompleted(const Handshake &client, const Handshake &server,
                     const Transcript &t) {
  EXPECT_EQ(t.client_status, Status::kOk);
  EXPECT_EQ(t.server_status, Status::kOk);
  EXPECT_EQ(client.state(), State::kDone);
  EXPECT_EQ(server.state(), State::kDone);
  ASSERT_EQ(t.client_sent.size(), kFlightSize);
  ASSERT_EQ(t.server_sent.size(), kFlightSize);
  EXPECT_EQ(t.client_sent[0], kRtmpVersion);
  EXPECT_EQ(t.server_sent[0], kRtmpVersion);
}

TEST(HandshakeClientTest, StartQueuesC0C1WithTimeAndVersionAsSet) {
  Handshake client(Role::kClient);
  ASSERT_EQ(client.SetTime(0x01020304), Status::kOk);
  ASSERT_EQ(client.SetVersion(0x0A0B0C0D), Status::kOk);
  ASSERT_EQ(client.Start(), Status::kOk);
  ASSERT_EQ(client.Pending(), kP1End);
  const std::vector<uint8_t> c0c1 = DrainAll(client);
  ASSERT_EQ(c0c1.size(), kP1End);
  EXPECT_EQ(c0c1[0], 3);
  EXPECT_EQ(ToHex(c0c1.data() + 1, 8), "010203040a0b0c0d");
  EXPECT_EQ(FoundScheme(c0c1.data() + 1, Party::kClient), 0);
}

TEST(HandshakeClientTest, DefaultC1HasTimeZeroFlashVersionAndScheme0Digest) {
  Handshake client(Role::kClient);
  ASSERT_EQ(client.Start(), Status::kOk);
  const std::vector<uint8_t> c0c1 = DrainAll(client);
  ASSERT_EQ(c0c1.size(), kP1End);
  EXPECT_EQ(ToHex(c0c1.data() + 1, 8), "0000000080000702");
  EXPECT_EQ(FoundScheme(c0c1.data() + 1, Party::kClient), 0);
}

TEST(HandshakeClientTest, ForcedScheme1PutsC1DigestInScheme1) {
  Handshake client(Role::kClient);
  ASSERT_EQ(client.SetScheme(1), Status::kOk);
  ASSERT_EQ(client.Start(), Status::kOk);
  const std::vector<uint8_t> c0c1 = DrainAll(client);
  ASSERT_EQ(c0c1.size(), kP1End);
  EXPECT_EQ(FoundScheme(c0c1.data() + 1, Party::kClient), 1);
}

TEST(HandshakeClientTest, VersionZeroSendsOriginalC1WithoutDigest) {
  Handshake client(Role::kClient);
  ASSERT_EQ(client.SetVersion(0), Status::kOk);
  ASSERT_EQ(client.Start(), Status::kOk);
  const std::vector<uint8_t> c0c1 = DrainAll(client);
  ASSERT_EQ(c0c1.size(), kP1End);
  EXPECT_EQ(ToHex(c0c1.data() + 5, 4), "00000000");
  EXPECT_EQ(FoundScheme(c0c1.data() + 1, Party::kClient), -1);
}

TEST(HandshakeServerTest, SendsNothingUntilC0C1IsComplete) {
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  ASSERT_EQ(client.Start(), Status::kOk);
  const std::vector<uint8_t> c0c1 = DrainAll(client);
  ASSERT_EQ(server.Start(), Status::kOk);
  EXPECT_EQ(server.Pending(), 0u);
  size_t consumed = 0;
  ASSERT_EQ(server.Feed(c0c1.data(), c0c1.size() - 1, &consumed), Status::kOk);
  EXPECT_EQ(consumed, c0c1.size() - 1);
  EXPECT_EQ(server.Pending(), 0u);
  ASSERT_EQ(server.Feed(c0c1.data() + c0c1.size() - 1, 1, &consumed),
            Status::kOk);
  EXPECT_EQ(server.Pending(), kFlightSize);  // S0+S1+S2 at once
}

TEST(HandshakeExchangeTest, DefaultsCompleteInDigestModeVerifiedBothWays) {
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  const Transcript t = RunExchange(client, server, kWholeFlights);
  ExpectCompleted(client, server, t);
  EXPECT_EQ(client.mode(), Mode::kDigest);
  EXPECT_EQ(server.mode(), Mode::kDigest);
  EXPECT_EQ(client.peer_scheme(), 0);
  EXPECT_EQ(server.peer_scheme(), 0);
  EXPECT_TRUE(client.peer_verified());
  EXPECT_TRUE(server.peer_verified());
  EXPECT_EQ(server.peer_version(), kDefaultClientVersion);
  EXPECT_EQ(client.peer_version(), kDefaultServerVersion);
}

TEST(HandshakeExchangeTest, ByteByByteFeedingGivesSameTranscript) {
  CountingRandom rc1, rs1, rc2, rs2;
  Handshake c1(Role::kClient), s1(Role::kServer);
  Handshake c2(Role::kClient), s2(Role::kServer);
  ASSERT_EQ(c1.SetRandom(CountingRandom::Fill, &rc1), Status::kOk);
  ASSERT_EQ(s1.SetRandom(CountingRandom::Fill, &rs1), Status::kOk);
  ASSERT_EQ(c2.SetRandom(CountingRandom::Fill, &rc2), Status::kOk);
  ASSERT_EQ(s2.SetRandom(CountingRandom::Fill, &rs2), Status::kOk);
  const Transcript whole = RunExchange(c1, s1, kWholeFlights);
  const Transcript bytes = RunExchange(c2, s2, 1);
  ExpectCompleted(c2, s2, bytes);
  EXPECT_EQ(whole.client_sent, bytes.client_sent);
  EXPECT_EQ(whole.server_sent, bytes.server_sent);
  EXPECT_TRUE(c2.peer_verified());
  EXPECT_TRUE(s2.peer_verified());
}

TEST(HandshakeExchangeTest, SimpleModeWhenClientVersionIsZero) {
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  ASSERT_EQ(client.SetVersion(0), Status::kOk);
  const Transcript t = RunExchange(client, server, kWholeFlights);
  ExpectCompleted(client, server, t);
  EXPECT_EQ(client.mode(), Mode::kSimple);
  EXPECT_EQ(server.mode(), Mode::kSimple);
  EXPECT_EQ(server.peer_scheme(), -1);
  EXPECT_TRUE(client.peer_verified());
  EXPECT_TRUE(server.peer_verified());
}

TEST(HandshakeExchangeTest, SimpleServerS1HasZeroVersionAndS2EchoesC1) {
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  ASSERT_EQ(client.SetVersion(0), Status::kOk);
  ASSERT_EQ(client.SetTime(0xCAFE0001), Status::kOk);
  ASSERT_EQ(server.SetTime(0x00BEEF00), Status::kOk);
  const Transcript t = RunExchange(client, server, kWholeFlights);
  ExpectCompleted(client, server, t);
  const uint8_t *s1 = P1Of(t.server_sent);
  EXPECT_EQ(LoadBe32(s1), 0x00BEEF00u);
  EXPECT_EQ(ToHex(s1 + 4, 4), "00000000");
  EXPECT_EQ(ToHex(P2Of(t.server_sent), kPacketSize),
            ToHex(P1Of(t.client_sent), kPacketSize));
}

TEST(HandshakeExchangeTest, SimpleClientC2EchoesS1ByteForByte) {
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  ASSERT_EQ(client.SetVersion(0), Status::kOk);
  const Transcript t = RunExchange(client, server, kWholeFlights);
  ExpectCompleted(client, server, t);
  EXPECT_EQ(ToHex(P2Of(t.client_sent), kPacketSize),
            ToHex(P1Of(t.server_sent), kPacketSize));
}

TEST(HandshakeExchangeTest, ServerVersionZeroAnswersSimpleButReportsScheme) {
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  ASSERT_EQ(client.SetScheme(1), Status::kOk);
  ASSERT_EQ(server.SetVersion(0), Status::kOk);
  const Transcript t = RunExchange(client, server, kWholeFlights);
  ExpectCompleted(client, server, t);
  EXPECT_EQ(server.mode(), Mode::kSimple);
  EXPECT_EQ(server.peer_scheme(), 1);
  // No S1 digest: the client drops to the echo too.
  EXPECT_EQ(client.mode(), Mode::kSimple);
  EXPECT_EQ(client.peer_scheme(), -1);
  EXPECT_EQ(ToHex(P1Of(t.server_sent) + 4, 4), "00000000");
  EXPECT_EQ(ToHex(P2Of(t.server_sent), kPacketSize),
            ToHex(P1Of(t.client_sent), kPacketSize));
  EXPECT_EQ(ToHex(P2Of(t.client_sent), kPacketSize),
            ToHex(P1Of(t.server_sent), kPacketSize));
  EXPECT_TRUE(client.peer_verified());
  EXPECT_TRUE(server.peer_verified());
}

class ServerMirrorTest : public ::testing::TestWithParam<int> {};

TEST_P(ServerMirrorTest, DigestS1UsesTheClientsScheme) {
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  ASSERT_EQ(client.SetScheme(GetParam()), Status::kOk);
  const Transcript t = RunExchange(client, server, kWholeFlights);
  ExpectCompleted(client, server, t);
  EXPECT_EQ(FoundScheme(P1Of(t.client_sent), Party::kClient), GetParam());
  EXPECT_EQ(FoundScheme(P1Of(t.server_sent), Party::kServer), GetParam());
  EXPECT_EQ(server.peer_scheme(), GetParam());
  EXPECT_EQ(client.peer_scheme(), GetParam());
  EXPECT_EQ(server.mode(), Mode::kDigest);
  EXPECT_TRUE(client.peer_verified());
  EXPECT_TRUE(server.peer_verified());
}

TEST_P(ServerMirrorTest, ForcedServerSchemeOverridesTheClientsScheme) {
  const int client_scheme = GetParam();
  const int server_scheme = 1 - GetParam();
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  ASSERT_EQ(client.SetScheme(client_scheme), Status::kOk);
  ASSERT_EQ(server.SetScheme(server_scheme), Status::kOk);
  const Transcript t = RunExchange(client, server, kWholeFlights);
  ExpectCompleted(client, server, t);
  EXPECT_EQ(FoundScheme(P1Of(t.server_sent), Party::kServer), server_scheme);
  EXPECT_EQ(server.peer_scheme(), client_scheme);
  // Our client looks in both schemes, so it still signs C2.
  EXPECT_EQ(client.peer_scheme(), server_scheme);
  EXPECT_EQ(client.mode(), Mode::kDigest);
  EXPECT_TRUE(client.peer_verified());
  EXPECT_TRUE(server.peer_verified());
}

INSTANTIATE_TEST_SUITE_P(BothSchemes, ServerMirrorTest, ::testing::Values(0, 1),
                         [](const ::testing::TestParamInfo<int> &param_info) {
                           return std::string(
                               param_info.param == 0 ? "Scheme0" : "Scheme1");
                         });

class DigestMessagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(client_.SetTime(0x11223344), Status::kOk);
    ASSERT_EQ(server_.SetTime(0x55667788), Status::kOk);
    t_ = RunExchange(client_, server_, kWholeFlights);
    ExpectCompleted(client_, server_, t_);
    ASSERT_EQ(server_.mode(), Mode::kDigest);
  }
  const uint8_t *c1() const { return P1Of(t_.client_sent); }
  const uint8_t *c2() const { return P2Of(t_.client_sent); }
  const uint8_t *s1() const { return P1Of(t_.server_sent); }
  const uint8_t *s2() const { return P2Of(t_.server_sent); }

  Handshake client_{Role::kClient};
  Handshake server_{Role::kServer};
  Transcript t_;
};

TEST_F(DigestMessagesTest, S1CarriesServerTimeVersionAndDigest) {
  EXPECT_EQ(ToHex(s1(), 8), "5566778804050001");
  EXPECT_EQ(FoundScheme(s1(), Party::kServer), 0);
}

TEST_F(DigestMessagesTest, S2SignatureVerifiesAgainstClientC1Digest) {
  bool valid = false;
  ASSERT_EQ(VerifyTransformedSignature(s2(), c1() + DigestOffset(c1(), 0),
                                       Party::kServer, 0, &valid),
            Status::kOk);
  EXPECT_TRUE(valid);
}

TEST_F(DigestMessagesTest, S2TimesAreC1TimeThenServerTime) {
  EXPECT_EQ(ToHex(s2(), 8), "1122334455667788");
}

TEST_F(DigestMessagesTest, C2SignatureVerifiesAgainstServerS1Digest) {
  bool valid = false;
  ASSERT_EQ(VerifyTransformedSignature(c2(), s1() + DigestOffset(s1(), 0),
                                       Party::kClient, 0, &valid),
            Status::kOk);
  EXPECT_TRUE(valid);
}

TEST_F(DigestMessagesTest, C2TimesAreS1TimeThenClientTime) {
  EXPECT_EQ(ToHex(c2(), 8), "5566778811223344");
}

TEST_F(DigestMessagesTest, P2sAreSignedRandomNotEchoes) {
  EXPECT_NE(ToHex(s2() + 8, kPacketSize - 8), ToHex(c1() + 8, kPacketSize - 8));
  EXPECT_NE(ToHex(c2() + 8, kPacketSize - 8), ToHex(s1() + 8, kPacketSize - 8));
}

TEST(HandshakeRandomTest, CounterSourceMakesTwoRunsByteIdentical) {
  Transcript runs[2];
  for (Transcript &run : runs) {
    CountingRandom client_random;
    CountingRandom server_random;
    server_random.next = 0x80;
    Handshake client(Role::kClient);
    Handshake server(Role::kServer);
    ASSERT_EQ(client.SetRandom(CountingRandom::Fill, &client_random),
              Status::kOk);
    ASSERT_EQ(server.SetRandom(CountingRandom::Fill, &server_random),
              Status::kOk);
    run = RunExchange(client, server, kWholeFlights);
    ExpectCompleted(client, server, run);
  }
  EXPECT_EQ(runs[0].client_sent, runs[1].client_sent);
  EXPECT_EQ(runs[0].server_sent, runs[1].server_sent);
}

TEST(HandshakeRandomTest, OutputFollowsTheRandomSource) {
  // A different counter start, or the OS source, changes the bytes.
  CountingRandom a;
  CountingRandom b;
  b.next = 1;
  Handshake ca(Role::kClient), cb(Role::kClient), os_client(Role::kClient);
  ASSERT_EQ(ca.SetRandom(CountingRandom::Fill, &a), Status::kOk);
  ASSERT_EQ(cb.SetRandom(CountingRandom::Fill, &b), Status::kOk);
  ASSERT_EQ(ca.Start(), Status::kOk);
  ASSERT_EQ(cb.Start(), Status::kOk);
  ASSERT_EQ(os_client.Start(), Status::kOk);
  const std::vector<uint8_t> c1a = DrainAll(ca);
  const std::vector<uint8_t> c1b = DrainAll(cb);
  const std::vector<uint8_t> c1os = DrainAll(os_client);
  EXPECT_EQ(ToHex(c1a.data() + 9, 4), "00010203");  // C1 bytes 8..11
  EXPECT_EQ(ToHex(c1b.data() + 9, 4), "01020304");
  EXPECT_NE(c1a, c1b);
  EXPECT_NE(c1a, c1os);
}

TEST(HandshakeRandomTest, DigestModeDrawsOnlyP1RandomAndEchoesItInP2) {
  CountingRandom client_random;
  CountingRandom server_random;
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  ASSERT_EQ(client.SetRandom(CountingRandom::Fill, &client_random),
            Status::kOk);
  ASSERT_EQ(server.SetRandom(CountingRandom::Fill, &server_random),
            Status::kOk);
  ASSERT_EQ(client.Start(), Status::kOk);
  EXPECT_EQ(client_random.bytes, 1528u);
  const Transcript t = RunExchange(client, server, kWholeFlights);
  ExpectCompleted(client, server, t);
  ASSERT_EQ(client.mode(), Mode::kDigest);
  EXPECT_EQ(client_random.bytes, 1528u);
  EXPECT_EQ(server_random.bytes, 1528u);
  // Each P2 carries the peer's P1 bytes 8..1503, then its own signature.
  EXPECT_EQ(ToHex(P2Of(t.server_sent) + 8, 1496),
            ToHex(P1Of(t.client_sent) + 8, 1496));
  EXPECT_EQ(ToHex(P2Of(t.client_sent) + 8, 1496),
            ToHex(P1Of(t.server_sent) + 8, 1496));
  EXPECT_NE(ToHex(P2Of(t.server_sent) + 1504, 32),
            ToHex(P1Of(t.client_sent) + 1504, 32));
  EXPECT_TRUE(client.peer_verified());
  EXPECT_TRUE(server.peer_verified());
}

TEST(HandshakeRandomTest, SimpleModeDrawsOnlyP1Random) {
  CountingRandom client_random;
  CountingRandom server_random;
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  ASSERT_EQ(client.SetVersion(0), Status::kOk);
  ASSERT_EQ(client.SetRandom(CountingRandom::Fill, &client_random),
            Status::kOk);
  ASSERT_EQ(server.SetRandom(CountingRandom::Fill, &server_random),
            Status::kOk);
  const Transcript t = RunExchange(client, server, kWholeFlights);
  ExpectCompleted(client, server, t);
  EXPECT_EQ(client_random.bytes, 1528u);
  EXPECT_EQ(server_random.bytes, 1528u);
}

int FailingRandom(void * /*ctx*/, uint8_t * /*buf*/, size_t /*len*/) {
  return -1;
}

TEST(HandshakeRandomTest, FailingSourceFailsStartWithRandomError) {
  Handshake client(Role::kClient);
  ASSERT_EQ(client.SetRandom(FailingRandom, nullptr), Status::kOk);
  EXPECT_EQ(client.Start(), Status::kRandom);
  EXPECT_EQ(client.state(), State::kFailed);
  EXPECT_EQ(client.Pending(), 0u);
}

TEST(HandshakeFlagsTest, VerifyP2AcceptsGenuineSignedP2s) {
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  ASSERT_EQ(client.SetFlags(kVerifyP2 | kRequireDigest), Status::kOk);
  ASSERT_EQ(server.SetFlags(kVerifyP2 | kRequireDigest), Status::kOk);
  const Transcript t = RunExchange(client, server, kWholeFlights);
  ExpectCompleted(client, server, t);
  EXPECT_TRUE(client.peer_verified());
  EXPECT_TRUE(server.peer_verified());
}

TEST(HandshakeFlagsTest, VerifyP2AcceptsSimpleModeEchoes) {
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  ASSERT_EQ(client.SetVersion(0), Status::kOk);
  ASSERT_EQ(client.SetFlags(kVerifyP2), Status::kOk);
  ASSERT_EQ(server.SetFlags(kVerifyP2), Status::kOk);
  const Transcript t = RunExchange(client, server, kWholeFlights);
  ExpectCompleted(client, server, t);
}

TEST(HandshakeFlagsTest, RequireDigestServerRejectsPlainC1AndSendsNothing) {
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  ASSERT_EQ(client.SetVersion(0), Status::kOk);
  ASSERT_EQ(server.SetFlags(kRequireDigest), Status::kOk);
  const Transcript t = RunExchange(client, server, kWholeFlights);
  EXPECT_EQ(t.server_status, Status::kDigest);
  EXPECT_EQ(server.state(), State::kFailed);
  EXPECT_EQ(server.error(), Status::kDigest);
  EXPECT_TRUE(t.server_sent.empty());
}

TEST(HandshakeFlagsTest, RequireDigestClientRejectsS1WithoutDigest) {
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  ASSERT_EQ(client.SetFlags(kRequireDigest), Status::kOk);
  ASSERT_EQ(server.SetVersion(0), Status::kOk);
  const Transcript t = RunExchange(client, server, kWholeFlights);
  EXPECT_EQ(t.client_status, Status::kDigest);
  EXPECT_EQ(client.state(), State::kFailed);
  EXPECT_EQ(t.client_sent.size(), kP1End);  // no C2
}

TEST(HandshakeInputTest, ServerConsumesThroughC2AndNeverBeyond) {
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  ASSERT_EQ(client.Start(), Status::kOk);
  std::vector<uint8_t> stream = DrainAll(client);
  stream.resize(kFlightSize, 0x00);        // an unsigned, non-echo C2
  stream.insert(stream.end(), 100, 0x02);  // the chunk stream
  size_t consumed = 0;
  ASSERT_EQ(server.Feed(stream.data(), stream.size(), &consumed), Status::kOk);
  EXPECT_EQ(consumed, kFlightSize);
  EXPECT_EQ(server.state(), State::kDone);
  EXPECT_FALSE(server.peer_verified());
  EXPECT_EQ(server.Pending(), kFlightSize);
  EXPECT_EQ(server.Needed(), 0u);
}

TEST(HandshakeInputTest, ClientConsumesThroughS2AndStillOwesC2) {
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  ASSERT_EQ(client.Start(), Status::kOk);
  const std::vector<uint8_t> c0c1 = DrainAll(client);
  size_t consumed = 0;
  ASSERT_EQ(server.Feed(c0c1.data(), c0c1.size(), &consumed), Status::kOk);
  std::vector<uint8_t> stream = DrainAll(server);
  ASSERT_EQ(stream.size(), kFlightSize);
  stream.insert(stream.end(), 50, 0x03);
  ASSERT_EQ(client.Feed(stream.data(), stream.size(), &consumed), Status::kOk);
  EXPECT_EQ(consumed, kFlightSize);
  EXPECT_EQ(client.state(), State::kDone);
  EXPECT_EQ(client.Pending(), kPacketSize);  // C2, queued by this call
  // Done: further input is left alone.
  ASSERT_EQ(client.Feed(stream.data(), stream.size(), &consumed), Status::kOk);
  EXPECT_EQ(consumed, 0u);
}

TEST(HandshakeInputTest, NeededCountsDownToTheEndOfP2) {
  Handshake server(Role::kServer);
  EXPECT_EQ(server.Needed(), kFlightSize);
  const uint8_t c0[1] = {3};
  size_t consumed = 0;
  ASSERT_EQ(server.Feed(c0, 1, &consumed), Status::kOk);
  EXPECT_EQ(server.Needed(), kFlightSize - 1);
}

struct BadOpening {
  const char *name;
  std::vector<uint8_t> bytes;
  Status expected;
  Status client_expected = expected;  // where a client differs
};

class HandshakeOpeningTest : public ::testing::TestWithParam<BadOpening> {};

TEST_P(HandshakeOpeningTest, ServerFailsWithTheMatchingCode) {
  Handshake server(Role::kServer);
  size_t consumed = 0;
  EXPECT_EQ(
      server.Feed(GetParam().bytes.data(), GetParam().bytes.size(), &consumed),
      GetParam().expected);
  EXPECT_EQ(server.state(), State::kFailed);
  EXPECT_EQ(server.error(), GetParam().expected);
  EXPECT_EQ(server.Pending(), 0u);
  // Sticky: the same code again, nothing consumed.
  EXPECT_EQ(
      server.Feed(GetParam().bytes.data(), GetParam().bytes.size(), &consumed),
      GetParam().expected);
  EXPECT_EQ(consumed, 0u);
}

TEST_P(HandshakeOpeningTest, ClientFailsWithTheMatchingCodeAndDropsOutput) {
  Handshake client(Role::kClient);
  ASSERT_EQ(client.Start(), Status::kOk);
  size_t consumed = 0;
  EXPECT_EQ(
      client.Feed(GetParam().bytes.data(), GetParam().bytes.size(), &consumed),
      GetParam().client_expected);
  EXPECT_EQ(client.error(), GetParam().client_expected);
  EXPECT_EQ(client.Pending(), 0u);  // undrained C0+C1 discarded
}

std::vector<uint8_t> Text(const char *s) {
  return std::vector<uint8_t>(s, s + std::char_traits<char>::length(s));
}

INSTANTIATE_TEST_SUITE_P(
    P0, HandshakeOpeningTest,
    ::testing::Values(
        // An encrypted type to a server that accepts none of them; to a
        // client that asked for none, just another version.
        BadOpening{"RtmpeType6",
                   {0x06, 0, 0, 0},
                   Status::kUnsupported,
                   Status::kVersion},
        BadOpening{
            "RtmpeType8", {0x08}, Status::kUnsupported, Status::kVersion},
        BadOpening{
            "RtmpeType9", {0x09}, Status::kUnsupported, Status::kVersion},
        BadOpening{"Seven", {0x07}, Status::kVersion},
        BadOpening{"Zero", {0x00}, Status::kVersion},
        BadOpening{"TlsClientHello", {0x16, 0x03, 0x01, 0x02}, Status::kTls},
        BadOpening{"TlsAlert", {0x15, 0x03, 0x03}, Status::kTls},
        BadOpening{"TlsTypeWrongMajor", {0x16, 0x02}, Status::kVersion},
        BadOpening{"HttpGet", Text("GET / HTTP/1.1\r\n"), Status::kHttp},
        BadOpening{"HttpResponse", Text("HTTP/1.1 400"), Status::kHttp},
        BadOpening{"Http2Preface", Text("PRI * HTTP/2.0"), Status::kHttp},
        BadOpening{"NearMissGex", Text("GEX /"), Status::kVersion}),
    [](const ::testing::TestParamInfo<BadOpening> &param_info) {
      return std::string(param_info.param.name);
    });

TEST(HandshakeInputTest, HttpPrefixWaitsForMoreBytes) {
  Handshake server(Role::kServer);
  size_t consumed = 0;
  const std::vector<uint8_t> po = Text("PO");
  ASSERT_EQ(server.Feed(po.data(), po.size(), &consumed), Status::kOk);
  EXPECT_EQ(consumed, 2u);
  EXPECT_EQ(server.state(), State::kInProgress);
  const std::vector<uint8_t> st = Text("ST /");
  EXPECT_EQ(server.Feed(st.data(), st.size(), &consumed), Status::kHttp);
}

TEST(HandshakeInputTest, HttpPrefixThenMismatchIsAVersionError) {
  Handshake server(Role::kServer);
  size_t consumed = 0;
  const std::vector<uint8_t> ge = Text("GE");
  ASSERT_EQ(server.Feed(ge.data(), ge.size(), &consumed), Status::kOk);
  const std::vector<uint8_t> x = Text("X");
  EXPECT_EQ(server.Feed(x.data(), x.size(), &consumed), Status::kVersion);
}

TEST(HandshakeOptionsTest, OptionsAfterStartAreRefusedAndChangeNothing) {
  Handshake client(Role::kClient);
  ASSERT_EQ(client.Start(), Status::kOk);
  EXPECT_EQ(client.SetVersion(0), Status::kState);
  EXPECT_EQ(client.SetTime(1), Status::kState);
  EXPECT_EQ(client.SetScheme(1), Status::kState);
  EXPECT_EQ(client.SetFlags(kVerifyP2), Status::kState);
  EXPECT_EQ(client.SetRandom(CountingRandom::Fill, nullptr), Status::kState);
  const std::vector<uint8_t> c0c1 = DrainAll(client);
  EXPECT_EQ(ToHex(c0c1.data() + 1, 8), "0000000080000702");
}

TEST(HandshakeOptionsTest, OptionsAfterFirstFeedAreRefused) {
  Handshake server(Role::kServer);
  const uint8_t c0[1] = {3};
  size_t consumed = 0;
  ASSERT_EQ(server.Feed(c0, 1, &consumed), Status::kOk);
  EXPECT_EQ(server.SetVersion(0), Status::kState);
  EXPECT_EQ(server.SetScheme(0), Status::kState);
}

TEST(HandshakeOptionsTest, BadOptionValuesAreRefused) {
  Handshake client(Role::kClient);
  EXPECT_EQ(client.SetScheme(2), Status::kArg);
  EXPECT_EQ(client.SetScheme(-2), Status::kArg);
  EXPECT_EQ(client.SetFlags(4), Status::kArg);
  EXPECT_EQ(client.SetRandom(nullptr, nullptr), Status::kArg);
  // Refusals leave the defaults in place.
  ASSERT_EQ(client.Start(), Status::kOk);
  const std::vector<uint8_t> c0c1 = DrainAll(client);
  EXPECT_EQ(FoundScheme(c0c1.data() + 1, Party::kClient), 0);
}

}  // namespace
}  // namespace rtmphs
