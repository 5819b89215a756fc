// Echoes: the ones we send are byte-exact copies of the peer's P1; the ones
// we receive are judged on bytes 8..1535 only (peers rewrite the time
// fields); a signed P2 must carry a valid signature over all of 0..1503.
#include <algorithm>
#include <string>

#include "handshake_pump.h"

namespace capi_test {
namespace {

constexpr uint64_t kClientSeed = 101;
constexpr uint64_t kServerSeed = 202;

struct EchoCase {
  const char *name;
  Settings client;
  Settings server;
  bool signed_p2;  // digest mode: both P2s signed; otherwise both echoes
};

class ReceivedP2 : public ::testing::TestWithParam<EchoCase> {
 protected:
  void SetUp() override {
    Peer client(RTMP_HS_CLIENT, kClientSeed, GetParam().client);
    Peer server(RTMP_HS_SERVER, kServerSeed, GetParam().server);
    reference_ = Pump(client.get(), server.get());
    ASSERT_EQ(rtmp_hs_state(client.get()), RTMP_HS_DONE);
    ASSERT_EQ(rtmp_hs_state(server.get()), RTMP_HS_DONE);
    ASSERT_EQ(rtmp_hs_mode(client.get()),
              GetParam().signed_p2 ? RTMP_HS_MODE_DIGEST : RTMP_HS_MODE_SIMPLE);
    if (!GetParam().signed_p2) {
      ASSERT_EQ(reference_.s2(), reference_.c1());
      ASSERT_EQ(reference_.c2(), reference_.s1());
    }
  }

  struct Verdict {
    int status;
    int state;
    int verified;
  };

  // A fresh client (same seed, so the same C1) fed S0+S1 and this S2.
  Verdict ClientGets(const Bytes &s2, uint32_t extra_flags) const {
    Settings s = GetParam().client;
    s.flags |= extra_flags;
    Peer client(RTMP_HS_CLIENT, kClientSeed, s);
    EXPECT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
    EXPECT_EQ(DrainAll(client.get()), reference_.c0c1());
    const Fed f =
        Feed(client.get(), Concat(Slice(reference_.to_client, 0, kP0P1), s2));
    return {f.status, rtmp_hs_state(client.get()),
            rtmp_hs_peer_verified(client.get())};
  }

  // A fresh server (same seed, so the same S1) fed C0+C1 and this C2.
  Verdict ServerGets(const Bytes &c2, uint32_t extra_flags) const {
    Settings s = GetParam().server;
    s.flags |= extra_flags;
    Peer server(RTMP_HS_SERVER, kServerSeed, s);
    EXPECT_EQ(Feed(server.get(), reference_.c0c1()).status, RTMP_HS_OK);
    EXPECT_EQ(DrainAll(server.get()), reference_.to_client);
    const Fed f = Feed(server.get(), c2);
    return {f.status, rtmp_hs_state(server.get()),
            rtmp_hs_peer_verified(server.get())};
  }

  // Every single-byte change of `p2` at [from, 1536) is rejected; changes
  // before `from` (the time fields of an echo) are still accepted.
  template <typename Judge>
  void CheckEveryByte(const Bytes &p2, Judge judge) const {
    const size_t from = GetParam().signed_p2 ? 0 : 8;
    for (size_t i = 0; i < kPacket; ++i) {
      SCOPED_TRACE(i);
      Bytes changed = p2;
      changed[i] ^= 0x01;
      const Verdict lenient = judge(changed, 0u);
      EXPECT_EQ(lenient.status, RTMP_HS_OK);
      EXPECT_EQ(lenient.state, RTMP_HS_DONE);
      EXPECT_EQ(lenient.verified, i < from ? 1 : 0);
      const Verdict strict = judge(changed, RTMP_HS_VERIFY_P2);
      EXPECT_EQ(strict.status, i < from ? RTMP_HS_OK : RTMP_HS_ERR_SIGNATURE);
      EXPECT_EQ(strict.state, i < from ? RTMP_HS_DONE : RTMP_HS_FAILED);
      EXPECT_EQ(strict.verified, i < from ? 1 : 0);
      if (HasFailure()) {
        break;
      }
    }
  }

  Wire reference_;
};

TEST_P(ReceivedP2, UnchangedP2VerifiesEvenUnderVerifyP2) {
  const Verdict c = ClientGets(reference_.s2(), RTMP_HS_VERIFY_P2);
  EXPECT_EQ(c.status, RTMP_HS_OK);
  EXPECT_EQ(c.verified, 1);
  const Verdict s = ServerGets(reference_.c2(), RTMP_HS_VERIFY_P2);
  EXPECT_EQ(s.status, RTMP_HS_OK);
  EXPECT_EQ(s.verified, 1);
}

TEST_P(ReceivedP2, ClientRejectsS2WithAnyPayloadByteChanged) {
  CheckEveryByte(reference_.s2(), [this](const Bytes &s2, uint32_t flags) {
    return ClientGets(s2, flags);
  });
}

TEST_P(ReceivedP2, ServerRejectsC2WithAnyPayloadByteChanged) {
  CheckEveryByte(reference_.c2(), [this](const Bytes &c2, uint32_t flags) {
    return ServerGets(c2, flags);
  });
}

TEST_P(ReceivedP2, EchoWithRewrittenTimeFieldsStillVerifies) {
  // What FFmpeg's server (4..7 zeroed) and GStreamer (time2 written) do.
  // A signature covers the time fields, so a signed P2 changed there fails.
  const int expected = GetParam().signed_p2 ? 0 : 1;
  Bytes s2 = reference_.s2();
  for (size_t i = 0; i < 8; ++i) {
    s2[i] = static_cast<uint8_t>(0x5A + i);
  }
  EXPECT_EQ(ClientGets(s2, 0).verified, expected);
  Bytes c2 = reference_.c2();
  for (size_t i = 4; i < 8; ++i) {
    c2[i] = 0;
  }
  EXPECT_EQ(ServerGets(c2, 0).verified, expected);
}

Settings Version(uint32_t v, int scheme = RTMP_HS_SCHEME_AUTO) {
  Settings s;
  s.version = v;
  s.time = 0x00001234;
  s.scheme = scheme;
  return s;
}

INSTANTIATE_TEST_SUITE_P(
    Modes, ReceivedP2,
    ::testing::Values(
        EchoCase{"Original", Version(0), Version(kDefaultServerVersion), false},
        EchoCase{"DigestClientOriginalServer", Version(kDefaultClientVersion),
                 Version(0), false},
        EchoCase{"DigestScheme0", Version(kDefaultClientVersion, 0),
                 Version(kDefaultServerVersion), true},
        EchoCase{"DigestScheme1", Version(kDefaultClientVersion, 1),
                 Version(kDefaultServerVersion), true}),
    [](const ::testing::TestParamInfo<EchoCase> &param_info) {
      return std::string(param_info.param.name);
    });

// Our echoes are whole-packet copies, digest bytes and time fields included.
TEST(SentEcho, SimpleServerS2IsTheWholeC1AndS1HasAZeroVersion) {
  for (uint32_t client_version : {0u, kDefaultClientVersion}) {
    SCOPED_TRACE(client_version);
    Peer client(RTMP_HS_CLIENT, 5, Version(client_version));
    Peer server(RTMP_HS_SERVER, 6, Version(0));
    const Wire wire = Pump(client.get(), server.get());
    ASSERT_EQ(wire.to_client.size(), kFlight);
    const Bytes c1 = wire.c1();
    const Bytes s2 = wire.s2();
    for (size_t i = 0; i < kPacket; ++i) {
      ASSERT_EQ(s2[i], c1[i]) << "byte " << i;
    }
    EXPECT_EQ(LoadBe32(&wire.s1()[4]), 0u);
  }
}

TEST(SentEcho, SimpleClientC2IsTheWholeS1) {
  for (uint32_t client_version : {0u, kDefaultClientVersion}) {
    SCOPED_TRACE(client_version);
    Settings server_settings = Version(0);
    server_settings.time = 0xFEDCBA98;
    Peer client(RTMP_HS_CLIENT, 7, Version(client_version));
    Peer server(RTMP_HS_SERVER, 8, server_settings);
    const Wire wire = Pump(client.get(), server.get());
    ASSERT_EQ(wire.to_server.size(), kFlight);
    const Bytes s1 = wire.s1();
    const Bytes c2 = wire.c2();
    for (size_t i = 0; i < kPacket; ++i) {
      ASSERT_EQ(c2[i], s1[i]) << "byte " << i;
    }
  }
}

// Responses no server of ours would send, but real ones do.
class ForeignServer : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(rtmp_hs_start(client_.get()), RTMP_HS_OK);
    c0c1_ = DrainAll(client_.get());
    ASSERT_EQ(c0c1_.size(), kP0P1);
    TestRandom filler(77);
    s1_.resize(kPacket);
    ASSERT_EQ(TestRandomFill(&filler, s1_.data(), s1_.size()), 0);
  }

  // Feeds S0 + s1_ + s2 and returns the feed's status.
  int Answer(const Bytes &s2) {
    Bytes flight{3};
    flight.insert(flight.end(), s1_.begin(), s1_.end());
    flight.insert(flight.end(), s2.begin(), s2.end());
    const Fed f = Feed(client_.get(), flight);
    if (f.status == RTMP_HS_OK) {
      EXPECT_EQ(f.consumed, kFlight);
    }
    return f.status;
  }

  Peer client_{RTMP_HS_CLIENT, 31, [] {
                 Settings s;
                 s.flags = RTMP_HS_VERIFY_P2;
                 return s;
               }()};
  Bytes c0c1_;
  Bytes s1_;
};

TEST_F(ForeignServer, YouTubeStyleVersionWithoutDigestAndEchoS2) {
  // S1 version 4.0.0.1 but no digest, S2 = exact copy of C1.
  s1_[4] = 4, s1_[5] = 0, s1_[6] = 0, s1_[7] = 1;
  EXPECT_EQ(Answer(Slice(c0c1_, 1, kPacket)), RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_state(client_.get()), RTMP_HS_DONE);
  EXPECT_EQ(rtmp_hs_mode(client_.get()), RTMP_HS_MODE_SIMPLE);
  EXPECT_EQ(rtmp_hs_peer_scheme(client_.get()), -1);
  EXPECT_EQ(rtmp_hs_peer_version(client_.get()), 0x04000001u);
  EXPECT_EQ(rtmp_hs_peer_verified(client_.get()), 1);
  EXPECT_EQ(DrainAll(client_.get()), s1_) << "C2 must echo S1 exactly";
}

TEST_F(ForeignServer, FfmpegListenServerZeroesTime2OfTheEcho) {
  // S1 time = C1 time, S1[4..7] = 0; S2 = C1 with bytes 4..7 forced to 0.
  std::copy(c0c1_.begin() + 1, c0c1_.begin() + 5, s1_.begin());
  std::fill(s1_.begin() + 4, s1_.begin() + 8, 0);
  Bytes s2 = Slice(c0c1_, 1, kPacket);
  std::fill(s2.begin() + 4, s2.begin() + 8, 0);
  EXPECT_EQ(Answer(s2), RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_peer_verified(client_.get()), 1);
}

TEST_F(ForeignServer, RandomS2FailsUnderVerifyP2) {
  Bytes s2(kPacket, 0x42);
  EXPECT_EQ(Answer(s2), RTMP_HS_ERR_SIGNATURE);
  EXPECT_EQ(rtmp_hs_state(client_.get()), RTMP_HS_FAILED);
  EXPECT_EQ(rtmp_hs_peer_verified(client_.get()), 0);
  EXPECT_EQ(rtmp_hs_pending(client_.get()), 0u) << "failure discards C2";
}

TEST(ForeignClient, FfmpegPublisherEchoesTheSignedS1AsC2) {
  // A digest C1 but C2 = exact copy of S1: a valid echo, not a signature.
  Settings strict;
  strict.flags = RTMP_HS_VERIFY_P2 | RTMP_HS_REQUIRE_DIGEST;
  Peer client(RTMP_HS_CLIENT, 41);
  Peer server(RTMP_HS_SERVER, 42, strict);
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  ASSERT_EQ(Feed(server.get(), DrainAll(client.get())).status, RTMP_HS_OK);
  const Bytes s0s1s2 = DrainAll(server.get());
  ASSERT_EQ(rtmp_hs_mode(server.get()), RTMP_HS_MODE_DIGEST);
  const Fed f = Feed(server.get(), Slice(s0s1s2, 1, kPacket));
  EXPECT_EQ(f.status, RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_state(server.get()), RTMP_HS_DONE);
  EXPECT_EQ(rtmp_hs_peer_verified(server.get()), 1);
}

TEST(ForeignClient, NginxRelayRandomC2CompletesUnverifiedByDefault) {
  for (uint32_t flags : {0u, static_cast<uint32_t>(RTMP_HS_VERIFY_P2)}) {
    Settings s;
    s.flags = flags;
    Peer client(RTMP_HS_CLIENT, 51);
    Peer server(RTMP_HS_SERVER, 52, s);
    ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
    ASSERT_EQ(Feed(server.get(), DrainAll(client.get())).status, RTMP_HS_OK);
    const Fed f = Feed(server.get(), Bytes(kPacket, 0x99));
    if (flags == 0) {
      EXPECT_EQ(f.status, RTMP_HS_OK);
      EXPECT_EQ(rtmp_hs_state(server.get()), RTMP_HS_DONE);
    } else {
      EXPECT_EQ(f.status, RTMP_HS_ERR_SIGNATURE);
      EXPECT_EQ(rtmp_hs_state(server.get()), RTMP_HS_FAILED);
      EXPECT_EQ(rtmp_hs_error(server.get()), RTMP_HS_ERR_SIGNATURE);
    }
    EXPECT_EQ(rtmp_hs_peer_verified(server.get()), 0);
  }
}

}  // namespace
}  // namespace capi_test
