// The handles' generator against NIST's CAVP known answers for CTR_DRBG,
// AES-256, no derivation function, no prediction resistance, no
// personalization string or additional input, 384-bit entropy, 512-bit
// requests (CAVS 14.3 drbgvectors_no_reseed and drbgvectors_pr_false,
// CTR_DRBG.rsp). The CAVP procedure: instantiate, (reseed,) generate twice,
// compare the second output. Then what the records never ask for: requests
// that end inside a block, empty ones, and ones past SP 800-90A's limit.
#include "ctr_drbg.h"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "test_support.h"

namespace rtmphs {
namespace {

using unit::FromHex;
using unit::ToHex;

constexpr size_t kReturned = 64;  // ReturnedBitsLen = 512

struct Record {
  const char *entropy;
  const char *returned;
};

// drbgvectors_no_reseed, [PersonalizationStringLen = 0], COUNT = 0 to 4.
constexpr Record kNoReseed[] = {
    {"df5d73faa468649edda33b5cca79b0b05600419ccb7a879ddfec9db32ee494e5"
     "531b51de16a30f769262474c73bec010",
     "d1c07cd95af8a7f11012c84ce48bb8cb87189e99d40fccb1771c619bdf82ab22"
     "80b1dc2f2581f39164f7ac0c510494b3a43c41b7db17514c87b107ae793e01c5"},
    {"3b6fb634d35bb386927374f991c1cbc9fafba3a43c432dc411b7b2fa96cfcce8"
     "d305e135ff9bc460dbc7ba3990bf8060",
     "083a836fe1cde053164555529409337dc4fec6844594fdf15083ba9d1001eb94"
     "5c3b96a1bcee3990e1e51f85c80e9f4e04de34e57b640f6cae8ed68e99624712"},
    {"0217a8acf2f8e2c4ab7bdcd5a694bca28d038018869dcbe2160d1ce0b4c78ead"
     "5592efed98662f2dff87f32f4835c677",
     "aa36779726f52875312507fb084744d4d7f3f9468a5b246ccde316d2ab91879c"
     "2e29f5a0938a3bcd722bb718d01bbfc35831c9e64f5b6410ae908d3061f76c84"},
    {"37d851fb20ab3ba73b1d8d81f323901a55529c26a8f753d32980d6d2aba3da27"
     "8b907400a19406e255206e1d0858f384",
     "96eabafb45c77967b14a6663a39238306ce58038a3dc0b8aecaf0231c404ecba"
     "50f1ab0a17b1894cf6acb630fe165f8a9d7c5412e1bab4eb4efe9ae84f5b4a03"},
    {"e62eab30b9338593076104ee9c148a6c22f796daedb71bacdda207b19768b5fe"
     "d5d20c9eea12ed5ab959c143f773cda6",
     "f5ea040c670f83c26ff2c38f66169b572fecc7283e902f0f4b2f6a4440f5b897"
     "0807d58ca01466cec7fb68b4cf952355e780050bf48ad5b20c17c78aa0fc0352"},
};

// drbgvectors_pr_false, [PersonalizationStringLen = 0], COUNT = 0.
constexpr const char *kReseedEntropy =
    "e4bc23c5089a19d86f4119cb3fa08c0a4991e0a1def17e101e4c14d9c323460a"
    "7c2fb58e0b086c6c57b55f56cae25bad";
constexpr const char *kReseedEntropyReseed =
    "fd85a836bba85019881e8c6bad23c9061adc75477659acaea8e4a01dfe07a183"
    "2dad1c136f59d70f8653a5dc118663d6";
constexpr const char *kReseedReturned =
    "b2cb8905c05e5950ca31895096be29ea3d5a3b82b269495554eb80fe07de43e1"
    "93b9e7c3ece73b80e062b1c1f68202fbb1c52a040ea2478864295282234aaada";

// Instantiates drbg from hex entropy (48 bytes, checked).
void Instantiate(CtrDrbg &drbg, const char *entropy_hex) {
  const std::vector<uint8_t> entropy = FromHex(entropy_hex);
  ASSERT_EQ(entropy.size(), CtrDrbg::kSeedSize);
  ASSERT_TRUE(drbg.Instantiate(entropy.data()));
}

std::string Request(CtrDrbg &drbg, size_t len) {
  std::vector<uint8_t> out(len);
  EXPECT_TRUE(drbg.Generate(out.data(), out.size()));
  return ToHex(out);
}

TEST(CtrDrbgTest, CavpNoReseedRecords) {
  for (const Record &r : kNoReseed) {
    SCOPED_TRACE(r.entropy);
    CtrDrbg drbg;
    Instantiate(drbg, r.entropy);
    Request(drbg, kReturned);  // the first output is not published
    EXPECT_EQ(Request(drbg, kReturned), r.returned);
  }
}

TEST(CtrDrbgTest, CavpReseedRecord) {
  CtrDrbg drbg;
  Instantiate(drbg, kReseedEntropy);
  const std::vector<uint8_t> reseed = FromHex(kReseedEntropyReseed);
  ASSERT_EQ(reseed.size(), CtrDrbg::kSeedSize);
  ASSERT_TRUE(drbg.Reseed(reseed.data()));
  Request(drbg, kReturned);
  EXPECT_EQ(Request(drbg, kReturned), kReseedReturned);
}

// A request that ends inside a block gives a prefix of the keystream: the
// last block is cut, not shifted or dropped.
TEST(CtrDrbgTest, ShorterRequestsArePrefixesOfTheRecord) {
  const std::string whole = kNoReseed[0].returned;
  for (size_t len : {1U, 15U, 16U, 17U, 31U, 63U}) {
    SCOPED_TRACE(len);
    CtrDrbg drbg;
    Instantiate(drbg, kNoReseed[0].entropy);
    Request(drbg, kReturned);
    EXPECT_EQ(Request(drbg, len), whole.substr(0, 2 * len));
  }
}

// An empty request writes nothing, yet is a request: the state moves on, so
// the next request no longer gives the record's bytes.
TEST(CtrDrbgTest, AnEmptyRequestWritesNothingAndAdvancesTheState) {
  CtrDrbg drbg;
  Instantiate(drbg, kNoReseed[0].entropy);
  Request(drbg, kReturned);
  std::array<uint8_t, 4> canary = {0xA5, 0xA5, 0xA5, 0xA5};
  ASSERT_TRUE(drbg.Generate(canary.data(), 0));
  EXPECT_EQ(ToHex(canary), "a5a5a5a5");
  const std::string next = Request(drbg, kReturned);
  EXPECT_EQ(next.size(), 2 * kReturned);
  EXPECT_NE(next, kNoReseed[0].returned);
}

// Two requests of 64 bytes are not one of 128: each request ends with an
// update of the key, so its bytes cannot be told from the next request's.
TEST(CtrDrbgTest, EachRequestEndsWithANewKey) {
  CtrDrbg split;
  Instantiate(split, kNoReseed[0].entropy);
  const std::string first = Request(split, kReturned);
  const std::string second = Request(split, kReturned);
  CtrDrbg joined;
  Instantiate(joined, kNoReseed[0].entropy);
  const std::string both = Request(joined, 2 * kReturned);
  EXPECT_EQ(both.substr(0, 2 * kReturned), first);
  EXPECT_NE(both.substr(2 * kReturned), second);
  EXPECT_EQ(second, kNoReseed[0].returned);
}

// SP 800-90A allows at most 2^19 bits a request: a longer call is served as
// requests of that size, exactly as if the caller had made them one by one.
TEST(CtrDrbgTest, ALongCallIsServedAsRequestsOfTheLimit) {
  CtrDrbg one_call;
  Instantiate(one_call, kNoReseed[1].entropy);
  const std::string all = Request(one_call, CtrDrbg::kMaxRequest + 100);
  CtrDrbg two_calls;
  Instantiate(two_calls, kNoReseed[1].entropy);
  std::string parts = Request(two_calls, CtrDrbg::kMaxRequest);
  parts += Request(two_calls, 100);
  EXPECT_EQ(all, parts);
  // And the generator stays in step afterwards.
  EXPECT_EQ(Request(one_call, kReturned), Request(two_calls, kReturned));
}

}  // namespace
}  // namespace rtmphs
