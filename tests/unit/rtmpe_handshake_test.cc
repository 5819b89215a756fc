// Hostile peers of an encrypted handshake, built with the core's own
// digest functions so that everything but the one wrong thing is valid: a
// Diffie-Hellman key that is 0, 1, p-1, p, above p or outside the subgroup
// (RTMP_HS_ERR_DH in either role), and a P2 signed under another type's
// transform (RTMP_HS_ERR_SIGNATURE), whatever the flags say.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "rtmpe/diffie_hellman.h"
#include "rtmpe/signature_transform.h"
#include "test_support.h"

namespace rtmphs::unit {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes DrainAll(Handshake &hs) {
  Bytes out(hs.Pending());
  out.resize(hs.Drain(out.data(), out.size()));
  return out;
}

Status FeedAll(Handshake &hs, const Bytes &b) {
  size_t consumed = 0;
  return hs.Feed(b.data(), b.size(), &consumed);
}

struct Pair {
  CountingRandom client_random{1};
  CountingRandom server_random{101};
  Handshake client{Role::kClient};
  Handshake server{Role::kServer};

  explicit Pair(int type) {
    EXPECT_EQ(client.SetRandom(CountingRandom::Fill, &client_random),
              Status::kOk);
    EXPECT_EQ(server.SetRandom(CountingRandom::Fill, &server_random),
              Status::kOk);
    EXPECT_EQ(client.SetEncryption(type), Status::kOk);
    EXPECT_EQ(server.SetEncryption((1 << 6) | (1 << 8) | (1 << 9)),
              Status::kOk);
  }
};

std::array<uint8_t, kDhKeySize> PrimePlus(int d) {
  std::array<uint8_t, kDhKeySize> k{};
  const Bytes p = FromHex(
      "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74"
      "020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f1437"
      "4fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed"
      "ee386bfb5a899fa5ae9f24117c4b1fe649286651ece65381ffffffffffffffff");
  std::copy(p.begin(), p.end(), k.begin());
  k[kDhKeySize - 1] = static_cast<uint8_t>(k[kDhKeySize - 1] + d);
  return k;
}

std::array<uint8_t, kDhKeySize> Small(uint8_t v) {
  std::array<uint8_t, kDhKeySize> k{};
  k[kDhKeySize - 1] = v;
  return k;
}

std::vector<std::array<uint8_t, kDhKeySize>> HostileKeys() {
  std::array<uint8_t, kDhKeySize> above{};
  above.fill(0xff);
  return {Small(0), Small(1), PrimePlus(-1), PrimePlus(0),
          above,    Small(5), PrimePlus(-2)};
}

// Replaces the DH key in the P1 at p1 (digest in `scheme`) and re-signs it.
void PlantKey(uint8_t *p1, int scheme, const uint8_t *key, Party sender) {
  std::copy(key, key + kDhKeySize, p1 + KeyOffset(p1, scheme));
  ASSERT_EQ(WriteP1Digest(p1, scheme, sender), Status::kOk);
}

TEST(RtmpeHostileKeys, ServerRejectsEachBadClientKey) {
  for (const auto &key : HostileKeys()) {
    SCOPED_TRACE(ToHex(key.data() + kDhKeySize - 4, 4));
    Pair pair(6);
    ASSERT_EQ(pair.client.Start(), Status::kOk);
    Bytes c0c1 = DrainAll(pair.client);
    PlantKey(c0c1.data() + 1, 0, key.data(), Party::kClient);
    EXPECT_EQ(FeedAll(pair.server, c0c1), Status::kDh);
    EXPECT_EQ(pair.server.state(), State::kFailed);
    EXPECT_EQ(pair.server.Pending(), 0u) << "no S0+S1+S2 to a bad key";
  }
}

TEST(RtmpeHostileKeys, ClientRejectsEachBadServerKey) {
  for (const int scheme : {0, 1}) {
    for (const auto &key : HostileKeys()) {
      SCOPED_TRACE(scheme);
      Pair pair(8);
      ASSERT_EQ(pair.client.SetScheme(scheme), Status::kOk);
      ASSERT_EQ(pair.client.Start(), Status::kOk);
      ASSERT_EQ(FeedAll(pair.server, DrainAll(pair.client)), Status::kOk);
      Bytes s = DrainAll(pair.server);
      PlantKey(s.data() + 1, scheme, key.data(), Party::kServer);
      EXPECT_EQ(FeedAll(pair.client, s), Status::kDh);
      EXPECT_EQ(pair.client.error(), Status::kDh);
      EXPECT_EQ(pair.client.Pending(), 0u) << "no C2 to a bad key";
    }
  }
}

TEST(RtmpeHostileKeys, KeyIsReadWhereTheDigestValidated) {
  // A valid key planted in the other scheme's key slot does not count: the
  // digest's scheme says where the key is.
  Pair pair(6);
  ASSERT_EQ(pair.client.Start(), Status::kOk);
  Bytes c0c1 = DrainAll(pair.client);
  uint8_t *c1 = c0c1.data() + 1;
  const std::array<uint8_t, kDhKeySize> bad = Small(1);
  // Scheme 0 is where our client signs; make scheme 0's key bad but leave
  // a good key (a copy of it) in scheme 1's slot.
  std::array<uint8_t, kDhKeySize> good{};
  std::copy(c1 + KeyOffset(c1, 0), c1 + KeyOffset(c1, 0) + kDhKeySize,
            good.begin());
  std::copy(good.begin(), good.end(), c1 + KeyOffset(c1, 1));
  PlantKey(c1, 0, bad.data(), Party::kClient);
  EXPECT_EQ(FeedAll(pair.server, c0c1), Status::kDh);
}

// A P2 whose signature is right for type `signed_as` but not for the type
// the handshake runs under.
void ResignP2(uint8_t *p2, const uint8_t *signed_p1, int signed_p1_scheme,
              Party signer, int signed_as) {
  const uint8_t *digest = signed_p1 + DigestOffset(signed_p1, signed_p1_scheme);
  ASSERT_EQ(ComputeTransformedSignature(p2, digest, signer, signed_as,
                                        p2 + kSignatureOffset),
            Status::kOk);
}

TEST(RtmpeWrongTransform, ServerRejectsC2SignedUnderAnotherType) {
  for (const int type : {6, 8, 9}) {
    for (const int wrong : {6, 8, 9}) {
      if (wrong == type) {
        continue;
      }
      SCOPED_TRACE(type * 10 + wrong);
      Pair pair(type);
      ASSERT_EQ(pair.client.Start(), Status::kOk);
      ASSERT_EQ(FeedAll(pair.server, DrainAll(pair.client)), Status::kOk);
      const Bytes s = DrainAll(pair.server);
      ASSERT_EQ(FeedAll(pair.client, s), Status::kOk);
      Bytes c2 = DrainAll(pair.client);
      // The right signature for `type` verifies; re-signed as `wrong`, not.
      ResignP2(c2.data(), s.data() + 1, pair.client.peer_scheme(),
               Party::kClient, wrong);
      EXPECT_EQ(FeedAll(pair.server, c2), Status::kSignature);
      EXPECT_FALSE(pair.server.peer_verified());
    }
  }
}

TEST(RtmpeWrongTransform, ClientRejectsS2SignedUnderAnotherType) {
  for (const int type : {6, 8, 9}) {
    for (const int wrong : {6, 8, 9}) {
      if (wrong == type) {
        continue;
      }
      SCOPED_TRACE(type * 10 + wrong);
      Pair pair(type);
      ASSERT_EQ(pair.client.Start(), Status::kOk);
      const Bytes c0c1 = DrainAll(pair.client);
      ASSERT_EQ(FeedAll(pair.server, c0c1), Status::kOk);
      Bytes s = DrainAll(pair.server);
      ResignP2(s.data() + kP1End, c0c1.data() + 1, pair.server.peer_scheme(),
               Party::kServer, wrong);
      EXPECT_EQ(FeedAll(pair.client, s), Status::kSignature);
      // The S2 as sent verifies (the control).
      Pair control(type);
      ASSERT_EQ(control.client.Start(), Status::kOk);
      ASSERT_EQ(FeedAll(control.server, DrainAll(control.client)), Status::kOk);
      EXPECT_EQ(FeedAll(control.client, DrainAll(control.server)), Status::kOk);
      EXPECT_EQ(control.client.state(), State::kDone);
    }
  }
}

TEST(RtmpeHandshakeWipes, FailureAndCompletionDropKeyMaterial) {
  // After a failure nothing can be decrypted any more; Encrypt/Decrypt say
  // so rather than producing keystream from wiped states.
  Pair pair(6);
  ASSERT_EQ(pair.client.Start(), Status::kOk);
  ASSERT_EQ(FeedAll(pair.server, DrainAll(pair.client)), Status::kOk);
  Bytes s = DrainAll(pair.server);
  s[kP1End + kSignatureOffset] ^= 1;
  EXPECT_EQ(FeedAll(pair.client, s), Status::kSignature);
  uint8_t byte = 0;
  EXPECT_EQ(pair.client.Encrypt(&byte, 1), Status::kState);
  EXPECT_EQ(pair.client.Decrypt(&byte, 1), Status::kState);
}

}  // namespace
}  // namespace rtmphs::unit
