// Diffie-Hellman of RTMPE: the peer-key checks (range 2..p-2 and the
// subgroup of order q), exact 128-byte left-padded keys and secrets (found
// with a deterministic random source: about one key in 256 starts with a
// zero byte), and an independent computation of the same values with
// mbedTLS's bignum directly.
#include "rtmpe/diffie_hellman.h"

#include <gtest/gtest.h>
#include <mbedtls/bignum.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "test_support.h"

namespace rtmphs::unit {
namespace {

using Key = std::array<uint8_t, kDhKeySize>;

const char *const kPrimeHex =
    "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74"
    "020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f1437"
    "4fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed"
    "ee386bfb5a899fa5ae9f24117c4b1fe649286651ece65381ffffffffffffffff";

Key Prime() {
  Key p{};
  const std::vector<uint8_t> b = FromHex(kPrimeHex);
  std::copy(b.begin(), b.end(), p.begin());
  return p;
}

// p + d for a small d >= -3 (p ends in 0xff...: no carry for these).
Key PrimePlus(int d) {
  Key k = Prime();
  k[kDhKeySize - 1] = static_cast<uint8_t>(k[kDhKeySize - 1] + d);
  return k;
}

Key Small(uint8_t v) {
  Key k{};
  k[kDhKeySize - 1] = v;
  return k;
}

struct HostileKey {
  const char *name;
  Key key;
  Status expected;
};

class PeerKeyCheck : public ::testing::TestWithParam<HostileKey> {};

TEST_P(PeerKeyCheck, RangeAndSubgroup) {
  EXPECT_EQ(CheckDhPublicKey(GetParam().key.data()), GetParam().expected);
  // The same verdict stops the secret from being computed.
  DiffieHellman dh;
  Key pub{};
  const uint8_t x[] = {0x12, 0x34, 0x56};
  ASSERT_EQ(dh.SetPrivate(x, sizeof x, pub.data()), Status::kOk);
  Key secret{};
  EXPECT_EQ(dh.ComputeSecret(GetParam().key.data(), secret.data()),
            GetParam().expected);
}

Key AllOnes() {
  Key k{};
  k.fill(0xff);
  return k;
}

Key TwoToThe1023() {
  Key k{};
  k[0] = 0x80;  // 2^1023: a power of 2, so in the subgroup
  return k;
}

INSTANTIATE_TEST_SUITE_P(
    Keys, PeerKeyCheck,
    ::testing::Values(HostileKey{"Zero", Small(0), Status::kDh},
                      HostileKey{"One", Small(1), Status::kDh},
                      HostileKey{"Two", Small(2), Status::kOk},
                      HostileKey{"Three", Small(3), Status::kOk},
                      // 5 is a quadratic non-residue mod p: y^q = p - 1.
                      HostileKey{"FiveOutsideSubgroup", Small(5), Status::kDh},
                      // -2 is a non-residue too (p = 3 mod 4, 2 a residue).
                      HostileKey{"PMinus2OutsideSubgroup", PrimePlus(-2),
                                 Status::kDh},
                      HostileKey{"PMinus1", PrimePlus(-1), Status::kDh},
                      HostileKey{"P", Prime(), Status::kDh},
                      HostileKey{"AllOnesAboveP", AllOnes(), Status::kDh},
                      HostileKey{"TwoToThe1023", TwoToThe1023(), Status::kOk}),
    [](const ::testing::TestParamInfo<HostileKey> &param_info) {
      return std::string(param_info.param.name);
    });

TEST(PeerKeyCheckAboveP, PPlusOne) {
  // p + 1 ends in 0x...00 after a carry through the trailing 0xff bytes.
  Key k = Prime();
  size_t i = kDhKeySize;
  while (i > 0) {
    --i;
    k[i] = static_cast<uint8_t>(k[i] + 1);
    if (k[i] != 0) {
      break;
    }
  }
  EXPECT_EQ(CheckDhPublicKey(k.data()), Status::kDh);
}

TEST(DiffieHellmanTest, OwnKeyMustBeInRangeToo) {
  DiffieHellman dh;
  Key pub{};
  const uint8_t zero[] = {0};
  EXPECT_EQ(dh.SetPrivate(zero, sizeof zero, pub.data()), Status::kDh);
  // x = q: 2^q = 1, since 2 generates the subgroup of order q.
  Key q = PrimePlus(-1);
  // (p - 1) / 2: shift right by one bit.
  uint8_t carry = 0;
  for (uint8_t &b : q) {
    const auto next = static_cast<uint8_t>(b & 1);
    b = static_cast<uint8_t>((b >> 1) | (carry << 7));
    carry = next;
  }
  EXPECT_EQ(dh.SetPrivate(q.data(), q.size(), pub.data()), Status::kDh);
  const std::vector<uint8_t> too_long(kDhKeySize + 1, 1);
  EXPECT_EQ(dh.SetPrivate(too_long.data(), too_long.size(), pub.data()),
            Status::kArg);
}

TEST(DiffieHellmanTest, GenerateDrawsTheExponentFromTheRandomSource) {
  CountingRandom counter;
  RandomSource random;
  random.Use(CountingRandom::Fill, &counter);
  DiffieHellman a;
  DiffieHellman b;
  Key pub_a{};
  Key pub_b{};
  ASSERT_EQ(a.Generate(random, pub_a.data()), Status::kOk);
  EXPECT_EQ(counter.bytes, 127U) << "1016-bit exponents";
  ASSERT_EQ(b.Generate(random, pub_b.data()), Status::kOk);
  EXPECT_NE(pub_a, pub_b);
  EXPECT_EQ(CheckDhPublicKey(pub_a.data()), Status::kOk);
  Key s_a{};
  Key s_b{};
  ASSERT_EQ(a.ComputeSecret(pub_b.data(), s_a.data()), Status::kOk);
  ASSERT_EQ(b.ComputeSecret(pub_a.data(), s_b.data()), Status::kOk);
  EXPECT_EQ(s_a, s_b);
}

TEST(DiffieHellmanTest, GenerateFailsWithTheRandomSource) {
  RandomSource failing;
  failing.Use([](void *, uint8_t *, size_t) -> int { return 1; }, nullptr);
  DiffieHellman dh;
  Key pub{};
  EXPECT_EQ(dh.Generate(failing, pub.data()), Status::kRandom);
}

TEST(DiffieHellmanTest, ClearForgetsTheExponent) {
  DiffieHellman dh;
  Key pub{};
  const uint8_t x[] = {0x77, 0x66};
  ASSERT_EQ(dh.SetPrivate(x, sizeof x, pub.data()), Status::kOk);
  Key before{};
  ASSERT_EQ(dh.ComputeSecret(Small(2).data(), before.data()), Status::kOk);
  dh.Clear();
  Key after{};
  // With the exponent wiped (x = 0) the "secret" is 2^0 = 1.
  ASSERT_EQ(dh.ComputeSecret(Small(2).data(), after.data()), Status::kOk);
  EXPECT_NE(before, after);
  EXPECT_EQ(after, Small(1));
}

// The same modular power, computed here with mbedTLS's bignum directly and
// written in its minimal length (what mbedtls_dhm_calc_secret hands back).
std::vector<uint8_t> MinimalPower(const Key &base,
                                  const std::vector<uint8_t> &x) {
  mbedtls_mpi b;
  mbedtls_mpi e;
  mbedtls_mpi m;
  mbedtls_mpi r;
  for (mbedtls_mpi *v : {&b, &e, &m, &r}) {
    mbedtls_mpi_init(v);
  }
  const Key p = Prime();
  EXPECT_EQ(mbedtls_mpi_read_binary(&b, base.data(), base.size()), 0);
  EXPECT_EQ(mbedtls_mpi_read_binary(&e, x.data(), x.size()), 0);
  EXPECT_EQ(mbedtls_mpi_read_binary(&m, p.data(), p.size()), 0);
  EXPECT_EQ(mbedtls_mpi_exp_mod(&r, &b, &e, &m, nullptr), 0);
  std::vector<uint8_t> out(mbedtls_mpi_size(&r));
  EXPECT_EQ(mbedtls_mpi_write_binary(&r, out.data(), out.size()), 0);
  for (mbedtls_mpi *v : {&b, &e, &m, &r}) {
    mbedtls_mpi_free(v);
  }
  return out;
}

// Deterministic exponents, tried in turn until one gives a public key, and
// one pair a secret, whose top byte is zero.
TEST(DiffieHellmanTest, KeysAndSecretsWithATopZeroByteStayLeftPadded) {
  uint64_t state = 1;
  auto next_exponent = [&state]() {
    std::vector<uint8_t> x(127);
    for (uint8_t &b : x) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      b = static_cast<uint8_t>(state >> 56);
    }
    x[0] |= 0x80;
    return x;
  };
  bool short_key = false;
  bool short_secret = false;
  std::vector<uint8_t> peer_x = next_exponent();
  DiffieHellman peer;
  Key peer_pub{};
  ASSERT_EQ(peer.SetPrivate(peer_x.data(), peer_x.size(), peer_pub.data()),
            Status::kOk);
  for (int tries = 0; tries < 4000 && !(short_key && short_secret); ++tries) {
    const std::vector<uint8_t> x = next_exponent();
    DiffieHellman dh;
    Key pub{};
    ASSERT_EQ(dh.SetPrivate(x.data(), x.size(), pub.data()), Status::kOk);
    Key secret{};
    ASSERT_EQ(dh.ComputeSecret(peer_pub.data(), secret.data()), Status::kOk);
    if (pub[0] == 0 && !short_key) {
      short_key = true;
      const std::vector<uint8_t> minimal = MinimalPower(Small(2), x);
      ASSERT_LT(minimal.size(), kDhKeySize);
      EXPECT_TRUE(std::equal(minimal.begin(), minimal.end(),
                             pub.end() - static_cast<long>(minimal.size())));
      EXPECT_TRUE(std::all_of(pub.begin(),
                              pub.end() - static_cast<long>(minimal.size()),
                              [](uint8_t b) { return b == 0; }));
    }
    if (secret[0] == 0 && !short_secret) {
      short_secret = true;
      const std::vector<uint8_t> minimal = MinimalPower(peer_pub, x);
      ASSERT_LT(minimal.size(), kDhKeySize);
      EXPECT_TRUE(std::equal(minimal.begin(), minimal.end(),
                             secret.end() - static_cast<long>(minimal.size())));
      // And the peer, from the other side, gets the same 128 bytes.
      Key other{};
      ASSERT_EQ(peer.ComputeSecret(pub.data(), other.data()), Status::kOk);
      EXPECT_EQ(other, secret);
    }
  }
  EXPECT_TRUE(short_key) << "no public key with a zero top byte found";
  EXPECT_TRUE(short_secret) << "no secret with a zero top byte found";
}

}  // namespace
}  // namespace rtmphs::unit
