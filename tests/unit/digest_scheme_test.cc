// The P1 digest and P2 signature against PROTOCOL.md 9.3 (test packet T in
// both layouts), and the properties a peer relies on: a written digest is
// found, only with the writer's key, and any changed byte breaks it.
#include "digest_scheme.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "hmac_sha256.h"
#include "rtmpe/signature_transform.h"
#include "test_support.h"

namespace rtmphs {
namespace {

using unit::MakeTestPacketT;
using unit::Packet;
using unit::ToHex;

using Digest = std::array<uint8_t, kDigestSize>;

// PROTOCOL.md 9.3, one row per layout of T.
struct LayoutVector {
  int scheme;
  const char *c1_digest;
  const char *s1_digest;
  const char *k_s2;
  const char *zero_p2_signature;
};

constexpr LayoutVector kLayouts[2] = {
    {0, "1a0738a48b1a8654bdfaeba70f3306ea8fa1a54de15fe35fdba384c99e8c9354",
     "55db6b7de4a331eb2ba74a1d4b3e39487e1d1835f0b752896bcd45b8b5540df5",
     "a33c20aa12e205e045f03198a319a1013e1d6498a36ea8359b53c43f252de607",
     "dbc211a36d204c0c786f8f77416dce6a91d9f6a9adddd429869681012458c90d"},
    {1, "04311e20855f942b928fe02f1df48ce612c2061e5a97bfc2a226063a94f3973d",
     "418f99f2c50d6241c10f4fc0c8338835c89653fd98f1990561e70bff9d4a76e2",
     "db81a78ba39f0e4ccd5a91d2e4d71feef719ac48a77ac61474879c20872c40cb",
     "ae579fdc3a62ad312ded923ec602ee5d06de8038ef8812785fb9c57fa7ff6d97"},
};

Digest C1DigestOfT(int scheme) {
  const Packet t = MakeTestPacketT();
  Digest d{};
  EXPECT_EQ(ComputeP1Digest(t.data(), scheme, Party::kClient, d.data()),
            Status::kOk);
  return d;
}

class TestPacketLayoutTest : public ::testing::TestWithParam<LayoutVector> {};

TEST_P(TestPacketLayoutTest, C1DigestMatchesPublishedValue) {
  EXPECT_EQ(ToHex(C1DigestOfT(GetParam().scheme)), GetParam().c1_digest);
}

TEST_P(TestPacketLayoutTest, S1DigestMatchesPublishedValue) {
  const Packet t = MakeTestPacketT();
  Digest d{};
  ASSERT_EQ(
      ComputeP1Digest(t.data(), GetParam().scheme, Party::kServer, d.data()),
      Status::kOk);
  EXPECT_EQ(ToHex(d), GetParam().s1_digest);
}

TEST_P(TestPacketLayoutTest, S2KeyIsHmacOfFullServerKeyOverC1Digest) {
  const Digest c1 = C1DigestOfT(GetParam().scheme);
  Digest k{};
  ASSERT_EQ(HmacSha256(FullKey(Party::kServer), ByteSpan(c1.data(), c1.size()),
                       k.data()),
            Status::kOk);
  EXPECT_EQ(ToHex(k), GetParam().k_s2);
}

TEST_P(TestPacketLayoutTest, ServerSignatureOverZeroP2MatchesPublishedValue) {
  const Digest c1 = C1DigestOfT(GetParam().scheme);
  const Packet zero_p2{};
  Digest sig{};
  ASSERT_EQ(ComputeTransformedSignature(zero_p2.data(), c1.data(),
                                        Party::kServer, 0, sig.data()),
            Status::kOk);
  EXPECT_EQ(ToHex(sig), GetParam().zero_p2_signature);
}

TEST_P(TestPacketLayoutTest, SignatureCoversOnlyBytesBefore1504) {
  // Bytes 1504..1535 hold the signature itself; they are not signed.
  const Digest c1 = C1DigestOfT(GetParam().scheme);
  Packet p2{};
  p2.fill(0);
  for (size_t i = kSignatureOffset; i < p2.size(); ++i) {
    p2[i] = 0x5a;
  }
  Digest sig{};
  ASSERT_EQ(ComputeTransformedSignature(p2.data(), c1.data(), Party::kServer, 0,
                                        sig.data()),
            Status::kOk);
  EXPECT_EQ(ToHex(sig), GetParam().zero_p2_signature);
}

TEST_P(TestPacketLayoutTest, VerifyAcceptsPublishedSignatureOnZeroP2) {
  const Digest c1 = C1DigestOfT(GetParam().scheme);
  Packet p2{};
  const std::vector<uint8_t> sig = unit::FromHex(GetParam().zero_p2_signature);
  std::copy(sig.begin(), sig.end(), p2.begin() + kSignatureOffset);
  bool valid = false;
  ASSERT_EQ(VerifyTransformedSignature(p2.data(), c1.data(), Party::kServer, 0,
                                       &valid),
            Status::kOk);
  EXPECT_TRUE(valid);
  // The same bytes are not a client's signature.
  ASSERT_EQ(VerifyTransformedSignature(p2.data(), c1.data(), Party::kClient, 0,
                                       &valid),
            Status::kOk);
  EXPECT_FALSE(valid);
}

INSTANTIATE_TEST_SUITE_P(
    Protocol93, TestPacketLayoutTest, ::testing::ValuesIn(kLayouts),
    [](const ::testing::TestParamInfo<LayoutVector> &param_info) {
      return std::string(param_info.param.scheme == 0 ? "LayoutA" : "LayoutB");
    });

struct SchemeAndParty {
  int scheme;
  Party party;
};

std::string Name(const ::testing::TestParamInfo<SchemeAndParty> &param_info) {
  return std::string("Scheme") + (param_info.param.scheme == 0 ? "0" : "1") +
         (param_info.param.party == Party::kClient ? "Client" : "Server");
}

Party Other(Party p) {
  return p == Party::kClient ? Party::kServer : Party::kClient;
}

class P1DigestRoundTripTest : public ::testing::TestWithParam<SchemeAndParty> {
 protected:
  // T with its digest written in place.
  Packet Written() const {
    Packet p = MakeTestPacketT();
    EXPECT_EQ(WriteP1Digest(p.data(), GetParam().scheme, GetParam().party),
              Status::kOk);
    return p;
  }
};

TEST_P(P1DigestRoundTripTest, WrittenDigestIsFoundInItsScheme) {
  const Packet p = Written();
  int found = -2;
  ASSERT_EQ(FindP1Digest(p.data(), GetParam().party, &found), Status::kOk);
  EXPECT_EQ(found, GetParam().scheme);
}

TEST_P(P1DigestRoundTripTest, WriteStoresComputedDigestAtDigestOffset) {
  const Packet t = MakeTestPacketT();
  Digest expected{};
  ASSERT_EQ(ComputeP1Digest(t.data(), GetParam().scheme, GetParam().party,
                            expected.data()),
            Status::kOk);
  const Packet p = Written();
  const size_t at = DigestOffset(p.data(), GetParam().scheme);
  EXPECT_EQ(ToHex(p.data() + at, kDigestSize), ToHex(expected));
  // Nothing but the 32 digest bytes changed.
  for (size_t i = 0; i < p.size(); ++i) {
    if (i < at || i >= at + kDigestSize) {
      ASSERT_EQ(p[i], t[i]) << "byte " << i;
    }
  }
}

TEST_P(P1DigestRoundTripTest, DigestWithTheOtherPartysKeyIsNotFound) {
  const Packet p = Written();
  int found = -2;
  ASSERT_EQ(FindP1Digest(p.data(), Other(GetParam().party), &found),
            Status::kOk);
  EXPECT_EQ(found, -1);
}

TEST_P(P1DigestRoundTripTest, ChangingAnySingleByteInvalidatesTheDigest) {
  const Packet p = Written();
  const size_t at = DigestOffset(p.data(), GetParam().scheme);
  // Every position: time, version, both pairs of offset bytes, the digest
  // itself and everything the HMAC covers.
  for (size_t i = 0; i < p.size(); ++i) {
    Packet changed = p;
    changed[i] ^= 0x01;
    int found = -2;
    ASSERT_EQ(FindP1Digest(changed.data(), GetParam().party, &found),
              Status::kOk);
    EXPECT_EQ(found, -1) << "byte " << i << " changed (digest at " << at << ")";
  }
}

TEST_P(P1DigestRoundTripTest, ChangingAnOffsetByteByAnyAmountInvalidates) {
  // Moving the digest offset must not land on another valid position.
  const Packet p = Written();
  const size_t offset_bytes = GetParam().scheme == 0 ? 8 : 772;
  for (size_t i = offset_bytes; i < offset_bytes + 4; ++i) {
    for (unsigned delta = 1; delta < 256; ++delta) {
      Packet changed = p;
      changed[i] = static_cast<uint8_t>(changed[i] + delta);
      int found = -2;
      ASSERT_EQ(FindP1Digest(changed.data(), GetParam().party, &found),
                Status::kOk);
      ASSERT_EQ(found, -1) << "byte " << i << " + " << delta;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllSchemesAndParties, P1DigestRoundTripTest,
                         ::testing::Values(SchemeAndParty{0, Party::kClient},
                                           SchemeAndParty{0, Party::kServer},
                                           SchemeAndParty{1, Party::kClient},
                                           SchemeAndParty{1, Party::kServer}),
                         Name);

TEST(P1DigestTest, PacketWithoutDigestIsNotFound) {
  const Packet t = MakeTestPacketT();
  for (Party party : {Party::kClient, Party::kServer}) {
    int found = -2;
    ASSERT_EQ(FindP1Digest(t.data(), party, &found), Status::kOk);
    EXPECT_EQ(found, -1);
  }
}

TEST(P1DigestTest, DigestExcludesOnlyItsOwn32Bytes) {
  // Bytes at the digest position do not change the digest; bytes just
  // before and after it do.
  const Packet t = MakeTestPacketT();
  const size_t at = DigestOffset(t.data(), 0);
  Digest base{};
  ASSERT_EQ(ComputeP1Digest(t.data(), 0, Party::kClient, base.data()),
            Status::kOk);
  Packet inside = t;
  for (size_t i = at; i < at + kDigestSize; ++i) {
    inside[i] = 0xee;
  }
  Digest d{};
  ASSERT_EQ(ComputeP1Digest(inside.data(), 0, Party::kClient, d.data()),
            Status::kOk);
  EXPECT_EQ(ToHex(d), ToHex(base));
  for (size_t i : {at - 1, at + kDigestSize}) {
    Packet edge = t;
    edge[i] ^= 0x80;
    ASSERT_EQ(ComputeP1Digest(edge.data(), 0, Party::kClient, d.data()),
              Status::kOk);
    EXPECT_NE(ToHex(d), ToHex(base)) << "byte " << i;
  }
}

TEST(P2SignatureTest, ChangedSignedByteOrSignatureFailsVerification) {
  const Digest c1 = C1DigestOfT(0);
  Packet p2 = MakeTestPacketT();
  ASSERT_EQ(ComputeTransformedSignature(p2.data(), c1.data(), Party::kServer, 0,
                                        p2.data() + kSignatureOffset),
            Status::kOk);
  bool valid = false;
  ASSERT_EQ(VerifyTransformedSignature(p2.data(), c1.data(), Party::kServer, 0,
                                       &valid),
            Status::kOk);
  ASSERT_TRUE(valid);
  for (size_t i : {size_t{0}, size_t{4}, size_t{8}, size_t{700}, size_t{1503},
                   size_t{1504}, size_t{1535}}) {
    Packet changed = p2;
    changed[i] ^= 0x01;
    ASSERT_EQ(VerifyTransformedSignature(changed.data(), c1.data(),
                                         Party::kServer, 0, &valid),
              Status::kOk);
    EXPECT_FALSE(valid) << "byte " << i;
  }
}

TEST(P2SignatureTest, SignatureDependsOnThePeerDigest) {
  const Digest a = C1DigestOfT(0);
  const Digest b = C1DigestOfT(1);
  Packet p2 = MakeTestPacketT();
  ASSERT_EQ(ComputeTransformedSignature(p2.data(), a.data(), Party::kServer, 0,
                                        p2.data() + kSignatureOffset),
            Status::kOk);
  bool valid = true;
  ASSERT_EQ(VerifyTransformedSignature(p2.data(), b.data(), Party::kServer, 0,
                                       &valid),
            Status::kOk);
  EXPECT_FALSE(valid);
}

}  // namespace
}  // namespace rtmphs
