// HMAC-SHA256 and SHA-256 against published values: RFC 4231 and the SHA-256
// of the two Adobe keys (PROTOCOL.md 4.1).
#include "hmac_sha256.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "digest_scheme.h"
#include "test_support.h"

namespace rtmphs {
namespace {

using unit::ToHex;

struct Rfc4231Case {
  const char *name;
  std::vector<uint8_t> key;
  std::vector<uint8_t> data;
  const char *hmac_sha256;
};

std::vector<uint8_t> Bytes(const std::string &s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

std::vector<uint8_t> Repeat(uint8_t value, size_t n) {
  return std::vector<uint8_t>(n, value);
}

std::vector<uint8_t> Counting(uint8_t first, size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) {
    v[i] = static_cast<uint8_t>(first + i);
  }
  return v;
}

// RFC 4231 section 4; case 5 (truncated output) does not apply.
std::vector<Rfc4231Case> Rfc4231Cases() {
  return {
      {"Case1", Repeat(0x0b, 20), Bytes("Hi There"),
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"Case2", Bytes("Jefe"), Bytes("what do ya want for nothing?"),
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {"Case3", Repeat(0xaa, 20), Repeat(0xdd, 50),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {"Case4", Counting(0x01, 25), Repeat(0xcd, 50),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      // 131-byte key, longer than the 64-byte block: hashed first.
      {"Case6", Repeat(0xaa, 131),
       Bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {"Case7", Repeat(0xaa, 131),
       Bytes("This is a test using a larger than block-size key and a larger "
             "than block-size data. The key needs to be hashed before being "
             "used by the HMAC algorithm."),
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
}

class HmacSha256Rfc4231Test : public ::testing::TestWithParam<Rfc4231Case> {};

TEST_P(HmacSha256Rfc4231Test, OneShotMatchesPublishedValue) {
  const Rfc4231Case &c = GetParam();
  uint8_t out[kSha256Size];
  ASSERT_EQ(HmacSha256(ByteSpan(c.key.data(), c.key.size()),
                       ByteSpan(c.data.data(), c.data.size()), out),
            Status::kOk);
  EXPECT_EQ(ToHex(out, sizeof out), c.hmac_sha256);
}

TEST_P(HmacSha256Rfc4231Test, TwoPartMessageGivesSameValueAtEverySplit) {
  const Rfc4231Case &c = GetParam();
  const ByteSpan key(c.key.data(), c.key.size());
  // Includes empty first and last parts and every split of the message.
  for (size_t split = 0; split <= c.data.size(); ++split) {
    const ByteSpan parts[2] = {
        ByteSpan(c.data.data(), split),
        ByteSpan(c.data.data() + split, c.data.size() - split)};
    uint8_t out[kSha256Size];
    ASSERT_EQ(HmacSha256(key, parts, 2, out), Status::kOk);
    EXPECT_EQ(ToHex(out, sizeof out), c.hmac_sha256) << "split at " << split;
  }
}

TEST_P(HmacSha256Rfc4231Test, ManyPartMessageGivesSameValue) {
  const Rfc4231Case &c = GetParam();
  const ByteSpan key(c.key.data(), c.key.size());
  // One byte per part, with empty parts in between.
  std::vector<ByteSpan> parts;
  for (size_t i = 0; i < c.data.size(); ++i) {
    parts.emplace_back(c.data.data() + i, 1);
    parts.emplace_back();
  }
  uint8_t out[kSha256Size];
  ASSERT_EQ(HmacSha256(key, parts.data(), parts.size(), out), Status::kOk);
  EXPECT_EQ(ToHex(out, sizeof out), c.hmac_sha256);
}

INSTANTIATE_TEST_SUITE_P(
    Rfc4231, HmacSha256Rfc4231Test, ::testing::ValuesIn(Rfc4231Cases()),
    [](const ::testing::TestParamInfo<Rfc4231Case> &param_info) {
      return std::string(param_info.param.name);
    });

TEST(HmacSha256Test, ThreeWaySplitsOfLongMessageAgree) {
  // Splits around the 64-byte block boundary of the 152-byte case 7 message.
  const Rfc4231Case c = Rfc4231Cases().back();
  const ByteSpan key(c.key.data(), c.key.size());
  const size_t cuts[] = {1, 55, 63, 64, 65, 100, 128, 151};
  for (size_t a : cuts) {
    for (size_t b : cuts) {
      if (b < a) {
        continue;
      }
      const ByteSpan parts[3] = {
          ByteSpan(c.data.data(), a), ByteSpan(c.data.data() + a, b - a),
          ByteSpan(c.data.data() + b, c.data.size() - b)};
      uint8_t out[kSha256Size];
      ASSERT_EQ(HmacSha256(key, parts, 3, out), Status::kOk);
      EXPECT_EQ(ToHex(out, sizeof out), c.hmac_sha256)
          << "cuts at " << a << " and " << b;
    }
  }
}

TEST(HmacSha256Test, DifferentKeyGivesDifferentValue) {
  const Rfc4231Case c = Rfc4231Cases().front();
  std::vector<uint8_t> key = c.key;
  key.back() ^= 0x01;
  uint8_t out[kSha256Size];
  ASSERT_EQ(HmacSha256(ByteSpan(key.data(), key.size()),
                       ByteSpan(c.data.data(), c.data.size()), out),
            Status::kOk);
  EXPECT_NE(ToHex(out, sizeof out), c.hmac_sha256);
}

TEST(Sha256Test, AbcMatchesFips180Value) {
  const std::vector<uint8_t> abc = Bytes("abc");
  uint8_t out[kSha256Size];
  ASSERT_EQ(Sha256(ByteSpan(abc.data(), abc.size()), out), Status::kOk);
  EXPECT_EQ(ToHex(out, sizeof out),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, EmptyMessageMatchesFips180Value) {
  uint8_t out[kSha256Size];
  ASSERT_EQ(Sha256(ByteSpan(), out), Status::kOk);
  EXPECT_EQ(ToHex(out, sizeof out),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(AdobeKeyTest, FullPlayerKeyIs62BytesWithPublishedSha256) {
  const ByteSpan key = FullKey(Party::kClient);
  ASSERT_EQ(key.size, 62u);
  uint8_t out[kSha256Size];
  ASSERT_EQ(Sha256(key, out), Status::kOk);
  EXPECT_EQ(ToHex(out, sizeof out),
            "3046c02eaa736fb5aaf7630b9e59a207b167a17cd7a05afb4fc7f8ca9021528e");
}

TEST(AdobeKeyTest, FullServerKeyIs68BytesWithPublishedSha256) {
  const ByteSpan key = FullKey(Party::kServer);
  ASSERT_EQ(key.size, 68u);
  uint8_t out[kSha256Size];
  ASSERT_EQ(Sha256(key, out), Status::kOk);
  EXPECT_EQ(ToHex(out, sizeof out),
            "0bec8fa996d2485ef90f0484c820d178663643a6f4510d0638cbd649bf17d9a5");
}

TEST(AdobeKeyTest, PartialKeysAreTheAsciiPrefixesOfTheFullKeys) {
  const ByteSpan player = PartialKey(Party::kClient);
  const ByteSpan server = PartialKey(Party::kServer);
  EXPECT_EQ(std::string(player.data, player.data + player.size),
            "Genuine Adobe Flash Player 001");
  EXPECT_EQ(std::string(server.data, server.data + server.size),
            "Genuine Adobe Flash Media Server 001");
  EXPECT_EQ(ToHex(player.data, player.size),
            ToHex(FullKey(Party::kClient).data, player.size));
  EXPECT_EQ(ToHex(server.data, server.size),
            ToHex(FullKey(Party::kServer).data, server.size));
}

TEST(AdobeKeyTest, BothFullKeysEndWithTheSharedTail) {
  const char *tail =
      "f0eec24a8068bee82e00d0d1029e7e576eec5d2d29806fab93b8e636cfeb31ae";
  const ByteSpan player = FullKey(Party::kClient);
  const ByteSpan server = FullKey(Party::kServer);
  EXPECT_EQ(ToHex(player.data + 30, 32), tail);
  EXPECT_EQ(ToHex(server.data + 36, 32), tail);
}

// The precomputed key states (digest_scheme.cc) are what the keys give.
TEST(AdobeKeyTest, PrecomputedKeyStatesMatchTheKeys) {
  for (const Party party : {Party::kClient, Party::kServer}) {
    HmacKeyState partial{};
    HmacKeyState full{};
    ASSERT_EQ(ComputeHmacKeyState(PartialKey(party), &partial), Status::kOk);
    ASSERT_EQ(ComputeHmacKeyState(FullKey(party), &full), Status::kOk);
    EXPECT_EQ(
        ToHex(reinterpret_cast<const uint8_t *>(&partial), sizeof partial),
        ToHex(reinterpret_cast<const uint8_t *>(&PartialKeyState(party)),
              sizeof partial));
    EXPECT_EQ(ToHex(reinterpret_cast<const uint8_t *>(&full), sizeof full),
              ToHex(reinterpret_cast<const uint8_t *>(&FullKeyState(party)),
                    sizeof full));
  }
}

// An HMAC from a key state equals the HMAC from the key, for the RFC 4231
// keys (short, and longer than a block) and for every message shape: empty,
// one part, split parts, exactly a block.
TEST(HmacKeyStateTest, SameHmacAsFromTheKey) {
  const std::vector<uint8_t> message = Repeat(0x5a, 1504);
  for (const Rfc4231Case &c : Rfc4231Cases()) {
    SCOPED_TRACE(c.name);
    HmacKeyState state{};
    ASSERT_EQ(ComputeHmacKeyState(ByteSpan(c.key.data(), c.key.size()), &state),
              Status::kOk);
    for (const size_t len : {size_t{0}, size_t{1}, size_t{64}, size_t{1504}}) {
      const ByteSpan parts[2] = {
          ByteSpan(message.data(), len / 2),
          ByteSpan(message.data() + len / 2, len - len / 2)};
      uint8_t from_key[kSha256Size];
      uint8_t from_state[kSha256Size];
      ASSERT_EQ(
          HmacSha256(ByteSpan(c.key.data(), c.key.size()), parts, 2, from_key),
          Status::kOk);
      ASSERT_EQ(HmacSha256(state, parts, 2, from_state), Status::kOk);
      EXPECT_EQ(ToHex(from_state, sizeof from_state),
                ToHex(from_key, sizeof from_key))
          << len;
    }
  }
}

}  // namespace
}  // namespace rtmphs
