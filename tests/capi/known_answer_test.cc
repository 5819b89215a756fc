// Exact values from outside this library: the computed vectors of
// PROTOCOL.md 9.3 and real captures (tests/vectors, see its README). A
// random source that hands back chosen bytes makes our P1 equal a given packet,
// so digests and signatures can be compared byte for byte through the C API.
#include <mbedtls/md.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <string>
#include <utility>

#include "handshake_pump.h"

namespace capi_test {
namespace {

Bytes Hex(const char *hex) {
  Bytes out;
  for (const char *p = hex; p[0] != '\0' && p[1] != '\0'; p += 2) {
    unsigned v = 0;
    std::sscanf(p, "%2x", &v);
    out.push_back(static_cast<uint8_t>(v));
  }
  return out;
}

// The one helper from outside the public API: the reference HMAC.
Bytes HmacSha256(const Bytes &key, const Bytes &data) {
  Bytes out(32);
  EXPECT_EQ(
      mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), key.data(),
                      key.size(), data.data(), data.size(), out.data()),
      0);
  return out;
}

Bytes ReadVector(const std::string &name) {
  const std::string path = std::string(RTMP_HS_CAPI_VECTOR_DIR) + "/" + name;
  Bytes out;
  if (FILE *f = std::fopen(path.c_str(), "rb")) {
    int c;
    while ((c = std::fgetc(f)) != EOF) {
      out.push_back(static_cast<uint8_t>(c));
    }
    std::fclose(f);
  }
  EXPECT_FALSE(out.empty()) << "missing test vector " << path;
  return out;
}

// Hands out prepared buffers in order; a request of another length fails.
struct Replay {
  std::deque<Bytes> chunks;
  int mismatches = 0;
};

int ReplayFill(void *ctx, uint8_t *buf, size_t len) {
  auto *r = static_cast<Replay *>(ctx);
  if (r->chunks.empty() || r->chunks.front().size() != len) {
    ++r->mismatches;
    return 1;
  }
  std::copy(r->chunks.front().begin(), r->chunks.front().end(), buf);
  r->chunks.pop_front();
  return 0;
}

struct ReplayPeer {
  ReplayPeer(int role, uint32_t version, uint32_t time, int scheme,
             std::deque<Bytes> chunks)
      : hs(rtmp_hs_new(role)) {
    replay.chunks = std::move(chunks);
    EXPECT_EQ(rtmp_hs_set_random(hs.get(), ReplayFill, &replay), RTMP_HS_OK);
    EXPECT_EQ(rtmp_hs_set_version(hs.get(), version), RTMP_HS_OK);
    EXPECT_EQ(rtmp_hs_set_time(hs.get(), time), RTMP_HS_OK);
    EXPECT_EQ(rtmp_hs_set_scheme(hs.get(), scheme), RTMP_HS_OK);
  }
  Replay replay;
  Handle hs;
};

// PROTOCOL.md 9.3: packet T has time 0, version 0x80000702 and
// T[i] = i mod 256 for i = 8..1535.
Bytes PatternT() {
  Bytes b(kPacket - 8);
  for (size_t i = 0; i < b.size(); ++i) {
    b[i] = static_cast<uint8_t>(i + 8);
  }
  return b;
}

struct TVector {
  int scheme;
  size_t digest_at;
  const char *c1_digest;
  const char *s1_digest;
  const char *s2_key;  // HMAC(68-byte server key, C1 digest)
};

const TVector kTVectors[] = {
    {0, 50, "1a0738a48b1a8654bdfaeba70f3306ea8fa1a54de15fe35fdba384c99e8c9354",
     "55db6b7de4a331eb2ba74a1d4b3e39487e1d1835f0b752896bcd45b8b5540df5",
     "a33c20aa12e205e045f03198a319a1013e1d6498a36ea8359b53c43f252de607"},
    {1, 798, "04311e20855f942b928fe02f1df48ce612c2061e5a97bfc2a226063a94f3973d",
     "418f99f2c50d6241c10f4fc0c8338835c89653fd98f1990561e70bff9d4a76e2",
     "db81a78ba39f0e4ccd5a91d2e4d71feef719ac48a77ac61474879c20872c40cb"},
};

class PacketT : public ::testing::TestWithParam<TVector> {};

TEST_P(PacketT, DigestsAndSignatureMatchTheReference) {
  const TVector &v = GetParam();
  ReplayPeer client(RTMP_HS_CLIENT, kDefaultClientVersion, 0, v.scheme,
                    {PatternT()});
  ASSERT_EQ(rtmp_hs_start(client.hs.get()), RTMP_HS_OK);
  const Bytes c0c1 = DrainAll(client.hs.get());
  ASSERT_EQ(c0c1.size(), kP0P1);
  const Bytes c1 = Slice(c0c1, 1, kPacket);
  EXPECT_EQ(DigestOffset(c1.data(), v.scheme), v.digest_at);
  EXPECT_EQ(Slice(c1, v.digest_at, 32), Hex(v.c1_digest));
  // Everything but the digest is T itself.
  const Bytes t = PatternT();
  for (size_t i = 8; i < kPacket; ++i) {
    if (i < v.digest_at || i >= v.digest_at + 32) {
      ASSERT_EQ(c1[i], t[i - 8]) << i;
    }
  }

  // A server whose S1 is T too.
  ReplayPeer server(RTMP_HS_SERVER, kDefaultClientVersion, 0, v.scheme,
                    {PatternT()});
  ASSERT_EQ(Feed(server.hs.get(), c0c1).status, RTMP_HS_OK);
  const Bytes s0s1s2 = DrainAll(server.hs.get());
  ASSERT_EQ(s0s1s2.size(), kFlight);
  const Bytes s1 = Slice(s0s1s2, 1, kPacket);
  const Bytes s2 = Slice(s0s1s2, kP0P1, kPacket);
  EXPECT_EQ(Slice(s1, v.digest_at, 32), Hex(v.s1_digest));
  // S2: the two time fields (C1's and ours, both 0 as packet T requires),
  // C1's random field echoed, then the signature under the published key,
  // computed here by mbedTLS itself.
  EXPECT_EQ(Slice(s2, 0, 8), Bytes(8, 0x00));
  EXPECT_EQ(Slice(s2, 8, kSignatureAt - 8), Slice(c1, 8, kSignatureAt - 8));
  EXPECT_EQ(Slice(s2, kSignatureAt, 32),
            HmacSha256(Hex(v.s2_key), Slice(s2, 0, kSignatureAt)));

  // And the two complete against each other.
  EXPECT_EQ(Feed(client.hs.get(), s0s1s2).status, RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_peer_verified(client.hs.get()), 1);
  EXPECT_EQ(Feed(server.hs.get(), DrainAll(client.hs.get())).status,
            RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_peer_verified(server.hs.get()), 1);
  EXPECT_EQ(client.replay.mismatches + server.replay.mismatches, 0);
  EXPECT_TRUE(client.replay.chunks.empty() && server.replay.chunks.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Schemes, PacketT, ::testing::ValuesIn(kTVectors),
    [](const ::testing::TestParamInfo<TVector> &param_info) {
      return "Scheme" + std::to_string(param_info.param.scheme);
    });

TEST(DigestOffsetHelper, MatchesPublishedOffsets) {
  // PROTOCOL.md 9.1 and 10.1: all-zero and all-0xFF offset bytes.
  Bytes p(kPacket, 0);
  EXPECT_EQ(DigestOffset(p.data(), 0), 12u);
  EXPECT_EQ(DigestOffset(p.data(), 1), 776u);
  p.assign(kPacket, 0xFF);
  EXPECT_EQ(DigestOffset(p.data(), 0), 304u);
  EXPECT_EQ(DigestOffset(p.data(), 1), 1068u);
  const Bytes jw = ReadVector("jwplayer_c1.bin");
  ASSERT_EQ(jw.size(), kPacket);
  EXPECT_EQ(DigestOffset(jw.data(), 0), 234u);
  EXPECT_EQ(DigestOffset(jw.data(), 1), 1153u);
}

// Our client rebuilds a captured C1 from its time, version and random part:
// byte-identical output proves the digest matches the real peer's.
struct CapturedC1 {
  const char *file;
  bool has_c0;
  int scheme;
  uint32_t version;
  uint32_t time;
};

class CapturedClient : public ::testing::TestWithParam<CapturedC1> {};

TEST_P(CapturedClient, OurClientReproducesTheC1AndOurServerReadsIt) {
  const CapturedC1 &v = GetParam();
  const Bytes file = ReadVector(v.file);
  const Bytes c1 = v.has_c0 ? Slice(file, 1, kPacket) : file;
  ASSERT_EQ(c1.size(), kPacket);
  EXPECT_EQ(LoadBe32(&c1[0]), v.time);
  EXPECT_EQ(LoadBe32(&c1[4]), v.version);

  ReplayPeer client(RTMP_HS_CLIENT, v.version, v.time, v.scheme,
                    {Slice(c1, 8, kPacket - 8)});
  ASSERT_EQ(rtmp_hs_start(client.hs.get()), RTMP_HS_OK);
  const Bytes c0c1 = DrainAll(client.hs.get());
  ASSERT_EQ(c0c1.size(), kP0P1);
  EXPECT_EQ(c0c1[0], 3);
  EXPECT_EQ(Slice(c0c1, 1, kPacket), c1);

  Settings strict;
  strict.flags = RTMP_HS_REQUIRE_DIGEST;
  Peer server(RTMP_HS_SERVER, 0, strict);
  Bytes c0_c1{3};
  c0_c1.insert(c0_c1.end(), c1.begin(), c1.end());
  EXPECT_EQ(Feed(server.get(), c0_c1).status, RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_peer_scheme(server.get()), v.scheme);
  EXPECT_EQ(rtmp_hs_peer_version(server.get()), v.version);
  EXPECT_EQ(rtmp_hs_peer_time(server.get()), v.time);
  EXPECT_EQ(rtmp_hs_mode(server.get()), RTMP_HS_MODE_DIGEST);
}

INSTANTIATE_TEST_SUITE_P(
    Captures, CapturedClient,
    ::testing::Values(
        CapturedC1{"jwplayer_c1.bin", false, 1, 0x80000702, 0x00126CBB},
        CapturedC1{"ffmpeg_c0c1.bin", true, 0, 0x09007C02, 0},
        CapturedC1{"srs_cx_c0c1.bin", true, 1, 0x80000702, 0x0114F74E}),
    [](const ::testing::TestParamInfo<CapturedC1> &param_info) {
      const std::string f = param_info.param.file;
      return f.substr(0, f.find('.'));
    });

// A complete Flash Player <-> SRS transcript (SRS unit tests).
class FlashPlayerTranscript : public ::testing::Test {
 protected:
  Bytes c0c1_ = ReadVector("srs_cx_c0c1.bin");
  Bytes s0s1s2_ = ReadVector("srs_cx_s0s1s2.bin");
  Bytes c2_ = ReadVector("srs_cx_c2.bin");
};

TEST_F(FlashPlayerTranscript, OurClientAsThePlayerVerifiesTheRealServer) {
  ASSERT_EQ(s0s1s2_.size(), kFlight);
  ReplayPeer client(RTMP_HS_CLIENT, 0x80000702, LoadBe32(&c0c1_[1]), 1,
                    {Slice(c0c1_, 9, kPacket - 8)});
  ASSERT_EQ(rtmp_hs_set_flags(client.hs.get(),
                              RTMP_HS_REQUIRE_DIGEST | RTMP_HS_VERIFY_P2),
            RTMP_HS_OK);
  ASSERT_EQ(rtmp_hs_start(client.hs.get()), RTMP_HS_OK);
  ASSERT_EQ(DrainAll(client.hs.get()), c0c1_);
  const Fed f = Feed(client.hs.get(), s0s1s2_);
  EXPECT_EQ(f.status, RTMP_HS_OK);
  EXPECT_EQ(f.consumed, kFlight);
  EXPECT_EQ(rtmp_hs_state(client.hs.get()), RTMP_HS_DONE);
  EXPECT_EQ(rtmp_hs_mode(client.hs.get()), RTMP_HS_MODE_DIGEST);
  EXPECT_EQ(rtmp_hs_peer_scheme(client.hs.get()), 1);
  EXPECT_EQ(rtmp_hs_peer_version(client.hs.get()), 0x04050001u);
  EXPECT_EQ(rtmp_hs_peer_time(client.hs.get()), LoadBe32(&s0s1s2_[1]));
  EXPECT_EQ(rtmp_hs_peer_verified(client.hs.get()), 1);
  EXPECT_EQ(client.replay.mismatches, 0);
}

TEST_F(FlashPlayerTranscript, OurServerAsSrsVerifiesTheRealPlayer) {
  ASSERT_EQ(c2_.size(), kPacket);
  const Bytes s1 = Slice(s0s1s2_, 1, kPacket);
  ReplayPeer server(RTMP_HS_SERVER, LoadBe32(&s1[4]), LoadBe32(&s1[0]),
                    RTMP_HS_SCHEME_AUTO, {Slice(s1, 8, kPacket - 8)});
  ASSERT_EQ(rtmp_hs_set_flags(server.hs.get(),
                              RTMP_HS_REQUIRE_DIGEST | RTMP_HS_VERIFY_P2),
            RTMP_HS_OK);
  ASSERT_EQ(Feed(server.hs.get(), c0c1_).status, RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_peer_scheme(server.hs.get()), 1);
  const Bytes ours = DrainAll(server.hs.get());
  ASSERT_EQ(ours.size(), kFlight);
  // S1 mirrors the player's scheme, so it is SRS's S1 byte for byte.
  EXPECT_EQ(Slice(ours, 1, kPacket), s1);
  const Fed f = Feed(server.hs.get(), c2_);
  EXPECT_EQ(f.status, RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_state(server.hs.get()), RTMP_HS_DONE);
  EXPECT_EQ(rtmp_hs_peer_verified(server.hs.get()), 1)
      << "a real Flash Player C2 verifies against a mirrored S1";
  EXPECT_EQ(server.replay.mismatches, 0);
}

TEST_F(FlashPlayerTranscript, ForeignP2sDoNotVerifyAgainstOurOwnP1s) {
  Peer client(RTMP_HS_CLIENT);
  ASSERT_EQ(rtmp_hs_start(client.get()), RTMP_HS_OK);
  EXPECT_EQ(Feed(client.get(), s0s1s2_).status, RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_peer_scheme(client.get()), 1);
  EXPECT_EQ(rtmp_hs_mode(client.get()), RTMP_HS_MODE_DIGEST);
  EXPECT_EQ(rtmp_hs_peer_verified(client.get()), 0);

  Peer server(RTMP_HS_SERVER);
  EXPECT_EQ(Feed(server.get(), Concat(c0c1_, c2_)).status, RTMP_HS_OK);
  EXPECT_EQ(rtmp_hs_state(server.get()), RTMP_HS_DONE);
  EXPECT_EQ(rtmp_hs_peer_verified(server.get()), 0);
}

}  // namespace
}  // namespace capi_test
