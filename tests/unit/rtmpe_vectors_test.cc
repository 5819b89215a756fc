// The exact RTMPE and SWF verification values of PROTOCOL.md 9.3: the
// Diffie-Hellman keys and secret for two fixed private exponents, both RC4
// keys and keystream bytes 1536..1543, single XTEA and Blowfish blocks, the
// type 8 and 9 signatures over test packet T, and the SWF token. Each was
// computed by an independent reference implementation that interoperated
// with librtmp and FFmpeg (PROTOCOL.md 11).
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "digest_scheme.h"
#include "hmac_sha256.h"
#include "rtmpe/blowfish_block.h"
#include "rtmpe/diffie_hellman.h"
#include "rtmpe/rc4_keys.h"
#include "rtmpe/rc4_stream.h"
#include "rtmpe/signature_transform.h"
#include "rtmpe/xtea_block.h"
#include "swf_verification.h"
#include "test_support.h"

namespace rtmphs::unit {
namespace {

using Key = std::array<uint8_t, kDhKeySize>;

// The private exponents of PROTOCOL.md 9.3.
const std::vector<uint8_t> kClientExponent =
    FromHex("0123456789abcdef0123456789abcdef");
const std::vector<uint8_t> kServerExponent =
    FromHex("fedcba9876543210fedcba9876543210");

std::string Head(const Key &k) { return ToHex(k.data(), 8); }
std::string Tail(const Key &k) { return ToHex(k.data() + kDhKeySize - 8, 8); }

class DhVectors : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(client_.SetPrivate(kClientExponent.data(), kClientExponent.size(),
                                 pub_c_.data()),
              Status::kOk);
    ASSERT_EQ(server_.SetPrivate(kServerExponent.data(), kServerExponent.size(),
                                 pub_s_.data()),
              Status::kOk);
  }

  DiffieHellman client_;
  DiffieHellman server_;
  Key pub_c_{};
  Key pub_s_{};
};

TEST_F(DhVectors, PublicKeys) {
  EXPECT_EQ(Head(pub_c_), "3140c5c3f2e15e04");
  EXPECT_EQ(Tail(pub_c_), "2c7c7b915f344326");
  EXPECT_EQ(Head(pub_s_), "40f5b30f3b29542a");
  EXPECT_EQ(Tail(pub_s_), "dfa43a3016629740");
}

TEST_F(DhVectors, BothSidesAgreeOnTheSecret) {
  Key at_client{};
  Key at_server{};
  ASSERT_EQ(client_.ComputeSecret(pub_s_.data(), at_client.data()),
            Status::kOk);
  ASSERT_EQ(server_.ComputeSecret(pub_c_.data(), at_server.data()),
            Status::kOk);
  EXPECT_EQ(Head(at_client), "aec25cbf537aecd5");
  EXPECT_EQ(at_client, at_server);
}

TEST_F(DhVectors, Rc4KeysAndKeystreamAfterTheDiscard) {
  Key secret{};
  ASSERT_EQ(client_.ComputeSecret(pub_s_.data(), secret.data()), Status::kOk);
  std::array<uint8_t, kRc4KeySize> c2s{};
  std::array<uint8_t, kRc4KeySize> s2c{};
  // Client to server: over the server's key; server to client: the client's.
  ASSERT_EQ(DeriveRc4Key(secret.data(), pub_s_.data(), c2s.data()),
            Status::kOk);
  ASSERT_EQ(DeriveRc4Key(secret.data(), pub_c_.data(), s2c.data()),
            Status::kOk);
  EXPECT_EQ(ToHex(c2s), "823e076fd5efee885e89e8ea7d4a87ac");
  EXPECT_EQ(ToHex(s2c), "8f4dec0ce4feb68c70f7151abe80acb7");

  // Encrypting zeros shows the keystream: bytes 1536..1543 come first.
  Rc4Stream out;
  Rc4Stream in;
  ASSERT_EQ(out.Init(c2s.data()), Status::kOk);
  ASSERT_EQ(in.Init(s2c.data()), Status::kOk);
  std::array<uint8_t, 8> a{};
  std::array<uint8_t, 8> b{};
  ASSERT_EQ(out.Apply(a.data(), a.size()), Status::kOk);
  ASSERT_EQ(in.Apply(b.data(), b.size()), Status::kOk);
  EXPECT_EQ(ToHex(a), "ca58a9c3cea92992");
  EXPECT_EQ(ToHex(b), "6499657a716f1a3a");
}

TEST(Rc4StreamTest, AnySplitGivesTheSameStream) {
  const std::array<uint8_t, kRc4KeySize> key = {1, 2,  3,  4,  5,  6,  7,  8,
                                                9, 10, 11, 12, 13, 14, 15, 16};
  std::array<uint8_t, 64> whole{};
  Rc4Stream one;
  ASSERT_EQ(one.Init(key.data()), Status::kOk);
  ASSERT_EQ(one.Apply(whole.data(), whole.size()), Status::kOk);
  for (size_t k = 0; k <= whole.size(); ++k) {
    std::array<uint8_t, 64> split{};
    Rc4Stream two;
    ASSERT_EQ(two.Init(key.data()), Status::kOk);
    ASSERT_EQ(two.Apply(split.data(), k), Status::kOk);
    ASSERT_EQ(two.Apply(nullptr, 0), Status::kOk);
    ASSERT_EQ(two.Apply(split.data() + k, split.size() - k), Status::kOk);
    EXPECT_EQ(split, whole) << "split at " << k;
  }
}

struct BlockVector {
  size_t key_number;
  const char *xtea;
  const char *blowfish;
};

class SingleBlockTest : public ::testing::TestWithParam<BlockVector> {};

TEST_P(SingleBlockTest, XteaAndBlowfishOnTheSameInput) {
  const BlockVector &v = GetParam();
  std::array<uint8_t, 8> x = {0, 1, 2, 3, 4, 5, 6, 7};
  std::array<uint8_t, 8> b = x;
  ASSERT_EQ(XteaEncryptBlock(v.key_number, x.data()), Status::kOk);
  ASSERT_EQ(BlowfishEncryptBlock(v.key_number, b.data()), Status::kOk);
  EXPECT_EQ(ToHex(x), v.xtea);
  EXPECT_EQ(ToHex(b), v.blowfish);
}

INSTANTIATE_TEST_SUITE_P(
    Protocol93, SingleBlockTest,
    ::testing::Values(BlockVector{0, "c7c82aca95daa419", "a031fb6d807be57d"},
                      BlockVector{7, "462cb97d43c6dca1", "4d14bb94b0cf1321"},
                      BlockVector{14, "b7eecfdda2307f55", "e3082b7c168b32eb"}));

struct SignatureVector {
  int scheme;
  const char *k_s2;
  const char *plain;  // HMAC(K, 1504 zero bytes)
  const char *type8;
  const char *type9;
};

class TransformedSignatureTest
    : public ::testing::TestWithParam<SignatureVector> {};

// The server's S2 signature answering test packet T (as C1), over a P2 of
// 1504 zero bytes, as sent under types 6, 8 and 9.
TEST_P(TransformedSignatureTest, OverZeroP2AnsweringTestPacket) {
  const SignatureVector &v = GetParam();
  Packet t = MakeTestPacketT();
  ASSERT_EQ(WriteP1Digest(t.data(), v.scheme, Party::kClient), Status::kOk);
  const uint8_t *digest = t.data() + DigestOffset(t.data(), v.scheme);
  std::array<uint8_t, kDigestSize> key{};
  ASSERT_EQ(ComputeP2Key(digest, Party::kServer, key.data()), Status::kOk);
  EXPECT_EQ(ToHex(key), v.k_s2);

  Packet p2{};
  const struct {
    int type;
    const char *expected;
  } cases[] = {{0, v.plain}, {6, v.plain}, {8, v.type8}, {9, v.type9}};
  for (const auto &c : cases) {
    SCOPED_TRACE(c.type);
    std::array<uint8_t, kDigestSize> sig{};
    ASSERT_EQ(ComputeTransformedSignature(p2.data(), digest, Party::kServer,
                                          c.type, sig.data()),
              Status::kOk);
    EXPECT_EQ(ToHex(sig), c.expected);
    // Verification: with the signature in place it passes under its own
    // type only.
    std::copy(sig.begin(), sig.end(), p2.begin() + kSignatureOffset);
    for (const int other : {0, 8, 9}) {
      bool valid = false;
      ASSERT_EQ(VerifyTransformedSignature(p2.data(), digest, Party::kServer,
                                           other, &valid),
                Status::kOk);
      EXPECT_EQ(valid, other == c.type || (other == 0 && c.type == 6));
    }
    std::fill(p2.begin() + kSignatureOffset, p2.end(), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Protocol93, TransformedSignatureTest,
    ::testing::Values(
        SignatureVector{
            0,
            "a33c20aa12e205e045f03198a319a1013e1d6498a36ea8359b53c43f252de607",
            "dbc211a36d204c0c786f8f77416dce6a91d9f6a9adddd429869681012458c90d",
            "cb0fb7118a024c0b8619cbbea966c0c8b17e8a455facbf34463cf25b1f2cdfc3",
            "32132e3ab26313cda0368c1ec0b8ac2ef4b530df4c71d099844b9d48504a634b"},
        SignatureVector{
            1,
            "db81a78ba39f0e4ccd5a91d2e4d71feef719ac48a77ac61474879c20872c40cb",
            "ae579fdc3a62ad312ded923ec602ee5d06de8038ef8812785fb9c57fa7ff6d97",
            "81c68ba249bbe427b18401e2b66dc125430d46f4a417b4e41dd9bba3a6e25de7",
            "6f17a6b96ab741a2af23bbaa1c5c4bec96bc0bde9dd3e27fab6a6a24dca8d20"
            "b"}));

TEST(SwfVerificationTest, TokenOfProtocol93) {
  Packet s1{};
  std::fill(s1.begin() + kSignatureOffset, s1.end(), 0x22);
  std::array<uint8_t, kDigestSize> hash{};
  hash.fill(0x11);
  std::array<uint8_t, kSwfResponseSize> out{};
  ASSERT_EQ(ComputeSwfResponse(s1.data(), hash.data(), 10275, out.data()),
            Status::kOk);
  EXPECT_EQ(ToHex(out),
            "01010000282300002823f0926e6c10f7df4255267f188f709515131b530a341cde"
            "14415129209b7ef42a");
}

TEST(SwfVerificationTest, KeyIsTheLastThirtyTwoBytesOfS1Only) {
  Packet s1{};
  std::fill(s1.begin() + kSignatureOffset, s1.end(), 0x22);
  std::array<uint8_t, kDigestSize> hash{};
  hash.fill(0x11);
  std::array<uint8_t, kSwfResponseSize> a{};
  std::array<uint8_t, kSwfResponseSize> b{};
  ASSERT_EQ(ComputeSwfResponse(s1.data(), hash.data(), 10275, a.data()),
            Status::kOk);
  s1[kSignatureOffset - 1] ^= 0xff;  // outside the key: no change
  ASSERT_EQ(ComputeSwfResponse(s1.data(), hash.data(), 10275, b.data()),
            Status::kOk);
  EXPECT_EQ(a, b);
  s1[kSignatureOffset] ^= 0xff;  // inside the key
  ASSERT_EQ(ComputeSwfResponse(s1.data(), hash.data(), 10275, b.data()),
            Status::kOk);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace rtmphs::unit
